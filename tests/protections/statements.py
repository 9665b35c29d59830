"""Mutations that must each make a test fail: the practice's statements in the reader's language."""

STATEMENTS = "tests/test_i18n_statements.py::"

MUTATIONS = [
    {
        "name": "default-statement-known-by-its-words",
        "protects": "a default statement saved with other line breaks still shows our Spanish",
        "file": "portal/practice.py",
        "find": "return text.split() == other.split()",
        "replace": "return text == other",
        "tests": [
            STATEMENTS + "test_the_default_is_still_known_after_a_save_changes_its_line_breaks"
        ],
    },
    {
        "name": "own-spanish-statement-shown",
        "protects": "a Spanish reader sees the practice's own Spanish statement",
        "file": "portal/practice.py",
        "find": "    if own.strip():\n",
        "replace": "    if False:\n",
        "tests": [STATEMENTS + "test_the_practice_s_own_spanish_statement_is_shown"],
    },
    {
        "name": "english-only-statement-marked",
        "protects": "an English-only statement on a Spanish page is marked lang=en",
        "file": "templates/_macros/statements.html",
        "find": '{% if shown.lang != current_lang() %} lang="{{ shown.lang }}"{% endif %}',
        "replace": "",
        "tests": [
            STATEMENTS
            + "test_an_own_english_statement_without_spanish_is_marked_english_and_said_so"
        ],
    },
    {
        "name": "english-only-statement-said",
        "protects": "a Spanish reader is told the practice wrote its statement in English only",
        "file": "templates/_macros/statements.html",
        "find": "{% if shown.english_only %}",
        "replace": "{% if false %}",
        "tests": [
            STATEMENTS
            + "test_an_own_english_statement_without_spanish_is_marked_english_and_said_so"
        ],
    },
    {
        "name": "consent-agreed-to-the-words-shown",
        "protects": "the consent hash is checked against the words this reader was shown",
        "file": "portal/intake/views.py",
        "find": "    if consent and form.text_sha256.data != flow.consent_hash(shown):",
        "replace": "    if consent and form.text_sha256.data != flow.consent_hash("
        "get_practice().consent_text):",
        "tests": [STATEMENTS + "test_agreeing_to_the_english_words_on_a_spanish_page_is_refused"],
    },
    {
        "name": "consent-record-keeps-the-words-shown",
        "protects": "the intake keeps the consent words the reader agreed to, in their language",
        "file": "portal/intake/views.py",
        "find": "    flow.merge(data, step, form, shown)\n",
        "replace": "    flow.merge(data, step, form, get_practice().consent_text)\n",
        "tests": [
            STATEMENTS
            + "test_a_spanish_reader_agrees_to_the_spanish_words_and_the_intake_keeps_them"
        ],
    },
    {
        "name": "spanish-statements-saved",
        "protects": "the settings save the Spanish statements",
        "file": "portal/clinician/settings_service.py",
        "find": '    "consent_text_es",\n',
        "replace": "",
        "tests": [
            STATEMENTS
            + "test_the_spanish_statements_are_saved_in_settings_and_kept_by_an_untouched_save"
        ],
    },
]
