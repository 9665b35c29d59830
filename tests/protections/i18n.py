"""Mutations that must each make a test fail: languages."""

I18N = "tests/test_i18n.py::"
ADULT_ES = "tests/test_intake_spanish_adult.py::"
BUILTIN = "tests/test_forms_builtin.py::"
LIBRARY = "tests/test_measure_library.py::"
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
    {
        "name": "measure-words-from-the-library",
        "protects": "a measure in Spanish is shown in its validated Spanish text, never English",
        "file": "portal/questionnaires/translations.py",
        "find": "            _measure_words(item, lang)\n",
        "replace": "            pass\n",
        "tests": [ADULT_ES + "test_the_mood_page_asks_the_validated_spanish_phq9"],
    },
    {
        "name": "unchecked-follow-up-not-asked",
        "protects": "an unchecked follow-up is left out, not shown in English",
        "file": "portal/questionnaires/translations.py",
        "find": 'if child["linkId"] in published]',
        "replace": "]",
        "tests": [
            ADULT_ES + "test_the_worry_page_asks_the_spanish_gad7_without_an_unchecked_follow_up"
        ],
    },
    {
        "name": "translation-keeps-the-scoring",
        "protects": "a measure's translation changes its words only, never its values",
        "file": "portal/questionnaires/measures/model.py",
        "find": "(value, words) for (value, _), words in zip(self.options",
        "replace": "(value + 1, words) for (value, _), words in zip(self.options",
        "tests": [LIBRARY + "test_measure_library_translation_is_the_published_translation"],
    },
    {
        "name": "builtin-update-only-adds",
        "protects": "a shipped built-in update never overrides a practice's own edits or words",
        "file": "portal/questionnaires/translations.py",
        "find": "    return same and entries(old) < entries(new)\n",
        "replace": "    return entries(old) != entries(new)\n",
        "tests": [
            BUILTIN + "test_forms_builtin_update_never_overrides_the_practices_own_edits",
            BUILTIN + "test_forms_builtin_update_never_drops_a_translation_the_practice_added",
        ],
    },
    {
        "name": "builtin-update-waits-for-drafts",
        "protects": "a shipped built-in update waits while the practice has a draft open",
        "file": "portal/questionnaires/service.py",
        "find": "        and newest.is_published\n",
        "replace": "",
        "tests": [BUILTIN + "test_forms_builtin_update_waits_while_a_draft_is_open"],
    },
    {
        "name": "practice-words-escaped-and-marked",
        "protects": "the practice's area names on a public page are escaped and marked as English",
        "file": "portal/i18n.py",
        "find": "    words = [str(shown % str(item)) for item in items]",
        "replace": "    words = [str(item) for item in items]",
        "tests": [I18N + "test_the_practices_areas_are_listed_escaped_and_marked_as_written"],
    },
    {
        "name": "offered-only-in-declared-languages",
        "protects": "a form is drawn in a language only when its author declared it",
        "file": "portal/intake/journey.py",
        "find": "    return lang in coverage.declared(data) and translations.covers(data, lang)",
        "replace": "    return translations.covers(data, lang)",
        "tests": [ADULT_ES + "test_a_form_whose_spanish_is_not_declared_yet_stays_english"],
    },
    {
        "name": "copy-starts-in-english",
        "protects": "a copy of a built-in is not held to the Spanish of questions it adds",
        "file": "portal/questionnaires/service.py",
        "find": '    return {**coverage.declare(data, []), "url": url,',
        "replace": '    return {**data, "url": url,',
        "tests": [
            "tests/test_forms_editor.py::test_forms_editor_owner_builds_a_custom_form_and_publishes_it"
        ],
    },
    {
        "name": "switch-never-repeats-a-link-secret",
        "protects": "a resume link's secret is never repeated into its page by the language switch",
        "file": "portal/i18n.py",
        "find": "    if request.path.startswith(SECRET_PATHS):\n",
        "replace": "    if False:\n",
        "tests": [I18N + "test_a_resume_links_secret_is_never_repeated_into_its_page"],
    },
    {
        "name": "staff-see-a-follow-up-was-not-asked",
        "protects": "staff read that a follow-up was not asked, not that it went unanswered",
        "file": "portal/intake/as_read.py",
        "find": "bool(step.measure) and _follow_up_not_asked(step.measure, name, lang),",
        "replace": "False,",
        "tests": [ADULT_ES + "test_a_spanish_adult_intake_arrives_scored_as_in_english"],
    },
    {
        "name": "untranslated-help-line-marked-english",
        "protects": "a practice's urgent-help line without Spanish words is marked as English",
        "file": "portal/practice.py",
        "find": 'return [{**line, **(line.get(lang) or {"lang": "en"})} for line in lines]',
        "replace": "return [{**line, **(line.get(lang) or {})} for line in lines]",
        "tests": [I18N + "test_a_practice_s_own_numbers_show_its_spanish_lines"],
    },
]
