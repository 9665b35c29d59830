"""Mutations that must each make a test fail: staff workspace settings, layout and times."""

MUTATIONS = [
    {
        "name": "settings-form-from-plain-data",
        "protects": "the settings form shows service areas one per line, not a Python list repr",
        "file": "portal/clinician/settings.py",
        "find": '"service_areas": "\\n".join(p.service_areas or []),',
        "replace": '"service_areas": p.service_areas,',
        "tests": ["tests/test_clinician_settings_roundtrip.py"],
    },
    {
        "name": "settings-textareas-store-lf",
        "protects": "an unedited settings save keeps multi-line texts byte for byte (CR LF to LF)",
        "file": "portal/clinician/forms.py",
        "find": '.replace("\\r\\n", "\\n").replace("\\r", "\\n") if',
        "replace": " if",
        "tests": [
            "tests/test_clinician_settings_roundtrip.py::test_saving_settings_untouched_keeps_every_value"
        ],
    },
    {
        "name": "quiet-focus-outline",
        "protects": "script/skip-link focus targets get an outline, not a yellow background",
        "file": "static/css/site.css",
        "find": "[tabindex]:focus-visible { outline: 3px solid var(--focus); outline-offset: 0; }",
        "replace": "[tabindex]:focus-visible { background-color: var(--focus); }",
        "tests": ["tests/e2e/test_focus.py"],
    },
    {
        "name": "bad-zone-refused",
        "protects": "a zone name not in the list is refused with a clear message and saves nothing",
        "file": "portal/clinician/forms.py",
        "find": "    if not is_zone(field.data):\n        raise StopValidation(",
        "replace": "    if False:\n        raise StopValidation(",
        "tests": [
            "tests/test_practice_time.py::test_a_bad_zone_name_is_refused_and_nothing_is_saved"
        ],
    },
    {
        "name": "local-time-shown",
        "protects": "staff pages, the audit log and the summary PDF show the practice's local time",
        "file": "portal/practice_time.py",
        "find": "    return aware.astimezone(practice_zone(practice))",
        "replace": "    return aware",
        "tests": ["tests/test_practice_time.py"],
    },
    {
        "name": "email-local-time",
        "protects": "the new-enquiry email says when it arrived, in local time with the zone",
        "file": "portal/intake/notify.py",
        "find": "*new_intake_email(urgent, message.created_at))",
        "replace": "*new_intake_email(urgent))",
        "tests": [
            "tests/test_practice_time.py::test_new_enquiry_email_says_when_it_arrived_in_local_time"
        ],
    },
    {
        "name": "country-setting-read",
        "protects": "the intake's date order, postcode or ZIP and phone example follow the country",
        "file": "portal/intake/locale.py",
        "find": 'country = getattr(practice, "country", None)',
        "replace": "country = practice.help_preset",
        "tests": [
            "tests/test_intake_country.py::test_the_country_setting_decides_not_the_urgent_help_list"
        ],
    },
    {
        "name": "migration-keeps-uk",
        "protects": "an existing UK practice keeps its country and gets London time on upgrade",
        "file": "migrations/versions/0011_practice_zone_country.py",
        "find": '.where(practice.c.help_preset == "UK")',
        "replace": '.where(practice.c.help_preset == "none")',
        "tests": ["tests/test_migrations_zone.py"],
    },
    {
        "name": "settings-zone-round-trip",
        "protects": "an unedited settings save keeps the country and time zone the practice had",
        "file": "portal/clinician/settings.py",
        "find": "names = svc.PROFILE_FIELDS + svc.POLICY_FIELDS + svc.PLACE_FIELDS",
        "replace": "names = svc.PROFILE_FIELDS + svc.POLICY_FIELDS",
        "tests": [
            "tests/test_clinician_settings_roundtrip.py",
            "tests/e2e/test_settings_roundtrip.py",
        ],
    },
    {
        "name": "handout-local-date",
        "protects": "a handout printed late in the evening carries the practice's date, not UTC's",
        "file": "portal/handouts/service.py",
        "find": "given_on = format_day(local_today())",
        "replace": "given_on = format_day(date.today())",
        "tests": [
            "tests/test_handouts_pdf.py::test_handout_is_dated_by_the_practice_clock_not_utc"
        ],
    },
    {
        "name": "dashboard-local-day",
        "protects": "follow-ups fall due on the practice's day, not when UTC's midnight passes",
        "file": "portal/clinician/queries.py",
        "find": "    now = to_local(utcnow())",
        "replace": "    now = utcnow()",
        "tests": [
            "tests/test_practice_time.py::test_follow_ups_fall_due_on_the_practice_day_not_the_utc_day"
        ],
    },
    {
        "name": "audit-filter-local-day",
        "protects": "the audit log's from/to dates are the practice's days",
        "file": "portal/clinician/audit_log.py",
        "find": "AuditEvent.at >= utc_start_of(q.since)",
        "replace": "AuditEvent.at >= utc_start_of(q.since).replace(hour=0)",
        "tests": ["tests/test_practice_time.py::test_audit_date_filter_uses_the_practice_day"],
    },
    {
        "name": "gad7-own-difficulty",
        "protects": "GAD-7 asks its own published difficulty question, not the PHQ-9 wording",
        "file": "portal/questionnaires/measures/pfizer.py",
        "find": 'follow_up=FollowUp("difficulty", GAD7_DIFFICULTY, DIFFICULTY),',
        "replace": 'follow_up=FollowUp("difficulty", PHQ9_DIFFICULTY, DIFFICULTY),',
        "tests": ["tests/test_intake_measures_text.py"],
    },
]
