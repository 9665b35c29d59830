"""Mutations that must each make a test fail: languages."""

I18N = "tests/test_i18n.py::"

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
]
