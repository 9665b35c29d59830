"""Mutations that must each make a test fail: languages."""

I18N = "tests/test_i18n.py::"
EDITOR = "tests/test_forms_editor_languages.py::"

MUTATIONS = [
    {
        "name": "language-switch-keeps-typed-answers",
        "protects": "switching language on a question page saves what was typed there first",
        "file": "portal/intake/views.py",
        "find": "    if language:  # the switch",
        "replace": "    if False:  # the switch",
        "tests": [I18N + "test_switching_on_a_question_page_keeps_what_was_typed_there"],
    },
    {
        "name": "workspace-stays-english",
        "protects": "the staff workspace is never switched to a half-translated language",
        "file": "portal/i18n.py",
        "find": "    if not has_request_context() or _is_staff_page():\n",
        "replace": "    if not has_request_context():\n",
        "tests": [I18N + "test_the_staff_workspace_stays_english_and_has_no_switch"],
    },
    {
        "name": "language-only-when-offered",
        "protects": "a language the practice has not offered is never chosen",
        "file": "portal/i18n.py",
        "find": "if c in catalogues() and c != DEFAULT]",
        "replace": "if c != DEFAULT] + sorted(catalogues())",
        "tests": [I18N + "test_a_practice_offering_only_english_has_no_switch"],
    },
    {
        "name": "declared-language-covered-to-publish",
        "protects": "a form is never published in a declared language it does not fully cover",
        "file": "portal/questionnaires/coverage.py",
        "find": "    if publishing and not errors:\n",
        "replace": "    if False:\n",
        "tests": [
            EDITOR + "test_forms_editor_declared_spanish_blocks_publishing_until_covered",
            EDITOR
            + "test_forms_cli_import_publish_of_a_form_lacking_its_declared_language_saves_nothing",
        ],
    },
]
