"""Mutations that must each make a test fail: the FHIR JSON and CSV exports of intakes."""

FHIR = "tests/test_clinician_export_fhir.py"
CSV = "tests/test_clinician_export_csv.py"

MUTATIONS = [
    {
        "name": "json-export-recent-sign-in",
        "protects": "the FHIR JSON export needs a recent sign-in in the browser that signed in",
        "file": "portal/clinician/exports.py",
        "find": "@recent_login_required\ndef intake_json(",
        "replace": "def intake_json(",
        "tests": [
            f"{FHIR}::test_json_needs_a_recent_sign_in_then_comes_back",
            f"{FHIR}::test_a_copied_cookie_in_another_browser_must_confirm_first",
        ],
    },
    {
        "name": "csv-export-recent-sign-in",
        "protects": "the CSV download needs a recent sign-in in the browser that signed in",
        "file": "portal/clinician/exports.py",
        "find": "@recent_login_required\ndef export_csv(",
        "replace": "def export_csv(",
        "tests": [f"{CSV}::test_a_stale_session_is_sent_to_confirm_then_back_to_its_selection"],
    },
    {
        "name": "reauth-keeps-the-query",
        "protects": "confirming the password returns to the export page with its selection",
        "file": "portal/security/access.py",
        "find": 'request.form.get("next") or request.full_path.rstrip("?")',
        "replace": 'request.form.get("next") or request.path',
        "tests": [f"{CSV}::test_a_stale_session_is_sent_to_confirm_then_back_to_its_selection"],
    },
    {
        "name": "exports-no-store",
        "protects": "the JSON and CSV downloads are Cache-Control: no-store (as every staff reply)",
        "file": "portal/security/headers.py",
        "find": 'PRIVATE_PREFIXES = ("/clinician", "/auth", "/intake")',
        "replace": 'PRIVATE_PREFIXES = ("/auth", "/intake")',
        "tests": [
            f"{FHIR}::test_json_is_an_uncached_audited_attachment",
            f"{CSV}::test_csv_has_the_chosen_columns_and_rows",
        ],
    },
    {
        "name": "csv-formula-escaping",
        "protects": "a cell starting with = + - @ tab or CR gets an apostrophe (no live formula)",
        "file": "portal/clinician/csv_export.py",
        "find": 'return f"\'{value}" if value.startswith(FORMULA_START) else value',
        "replace": "return value",
        "tests": [f"{CSV}::test_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe"],
    },
    {
        "name": "csv-export-assigned-only",
        "protects": "in assigned-only mode the CSV refuses an enquiry that is not the person's",
        "file": "portal/clinician/csv_export.py",
        "find": "intake = intake_for(intake_id, user)\n",
        "replace": "intake = db.session.get(Intake, intake_id)\n",
        "tests": [f"{CSV}::test_assigned_only_refuses_someone_elses_enquiry"],
    },
    {
        "name": "json-export-assigned-only",
        "protects": "in assigned-only mode the JSON export of someone else's intake is a 404",
        "file": "portal/clinician/exports.py",
        "find": "    intake = load_intake(intake_id)\n    resource =",
        "replace": "    intake = db.session.get(fhir_export.Intake, intake_id)\n    resource =",
        "tests": [f"{FHIR}::test_assigned_only_clinician_gets_404_for_someone_elses"],
    },
    {
        "name": "json-no-empty-answers",
        "protects": "an unanswered question is left out of the JSON, never an empty answer list",
        "file": "portal/clinician/fhir_export.py",
        "find": "        if answers:\n            items.append(",
        "replace": "        if True:\n            items.append(",
        "tests": [f"{FHIR}::test_json_answers_equal_what_the_client_entered"],
    },
]
