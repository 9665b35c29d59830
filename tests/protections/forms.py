"""Mutations that must each make a test fail: form definitions, frozen versions, safety."""

MUTATIONS = [
    {
        "name": "published-form-version-frozen",
        "protects": "a published form version is never changed, even by a direct column write",
        "file": "portal/models/forms.py",
        "find": '    if "published" in was:',
        "replace": "    if False:",
        "tests": [
            "tests/test_forms_versions.py::test_forms_versions_published_row_cannot_change_even_by_a_careless_caller"
        ],
    },
    {
        "name": "form-condition-points-backwards",
        "protects": "an enableWhen that points at a later item is refused with a sentence",
        "file": "portal/questionnaires/rules.py",
        "find": "    if target not in earlier:\n",
        "replace": "    if target not in earlier and False:\n",
        "tests": [
            "tests/test_forms_definition.py::test_forms_definition_condition_must_point_at_an_earlier_item"
        ],
    },
    {
        "name": "form-needs-safety-question-to-publish",
        "protects": "a form without the safety question cannot be published",
        "file": "portal/questionnaires/rules.py",
        "find": "        return [NO_SAFETY] if publishing else []",
        "replace": "        return []",
        "tests": [
            "tests/test_forms_definition.py::test_forms_definition_safety_question_needed_only_to_publish",
            "tests/test_forms_versions.py::test_forms_versions_publishing_needs_the_safety_question",
        ],
    },
    {
        "name": "measure-item-never-conditional",
        "protects": "a scored measure item cannot be given a condition by the form author",
        "file": "portal/questionnaires/rules.py",
        "find": 'if name in scored and child.get("enableWhen"):',
        "replace": "if False:",
        "tests": [
            "tests/test_forms_definition.py::test_forms_definition_measure_item_cannot_be_made_conditional"
        ],
    },
    {
        "name": "measure-block-as-the-library-gives-it",
        "protects": "a measure block is the library's own: no condition, option or word changed",
        "file": "portal/questionnaires/rules.py",
        "find": "            errors += _check_measure_block(item)",
        "replace": "            errors += []",
        "tests": [
            "tests/test_forms_definition.py::test_forms_definition_measure_block_cannot_be_hidden_or_made_optional_or_reworded"
        ],
    },
    # --- the journey from the published form version (intake answers its version) ---
    {
        "name": "intake-records-its-form-version",
        "protects": "a submitted intake records the form url and version it answered",
        "file": "portal/intake/service.py",
        "find": "    intake.form_url, intake.form_version = journey.url, journey.version\n",
        "replace": "",
        "tests": [
            "tests/test_intake_form_version.py::test_intake_records_the_form_version_it_answered"
        ],
    },
    {
        "name": "detail-shows-the-answered-versions-wording",
        "protects": "the detail page shows each answer with the question text of its version",
        "file": "portal/clinician/review.py",
        "find": "    return version_of(intake.form_url, intake.form_version)",
        "replace": "    from portal.intake.journey import current\n\n    return current()",
        "tests": [
            "tests/test_intake_form_version.py::test_reworded_version_leaves_earlier_intake_with_its_own_wording"
        ],
    },
    {
        "name": "safety-risk-from-the-definition",
        "protects": "the question the safety extension marks shows help at once and flags urgent",
        "file": "portal/intake/journey.py",
        "find": "for i in questions if rules.extension(i, rules.SAFETY)),",
        "replace": "for i in questions if False),",
        "tests": [
            "tests/test_intake_form_version.py::test_risk_answer_of_a_new_version_shows_help_and_flags_urgent"
        ],
    },
    {
        "name": "measure-risk-from-the-definition",
        "protects": "a risk item of the page's measure (PHQ-9 item 9) shows help at once",
        "file": "portal/intake/journey.py",
        "find": "    return safety_yes(step, section) or measure_risk(step, section)",
        "replace": "    return safety_yes(step, section)",
        "tests": [
            "tests/test_intake_submit.py::test_intake_phq9_item9_shows_help_and_flags_urgent"
        ],
    },
]
