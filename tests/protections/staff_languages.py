"""Mutations that must each make a test fail: staff read an intake in the language it was read."""

STAFF = "tests/test_clinician_languages.py::"
SPANISH = STAFF + "test_a_spanish_intake_shows_each_question_as_read_and_the_answers_in_spanish"

MUTATIONS = [
    {
        "name": "staff-see-the-words-read",
        "protects": "a Spanish intake shows each question and choice as its client read them",
        "file": "portal/intake/summary.py",
        "find": '        if lang != "en":\n',
        "replace": "        if False:\n",
        "tests": [SPANISH],
    },
    {
        "name": "staff-spanish-question-marked",
        "protects": "the question as read is marked lang=es on the English staff page",
        "file": "templates/clinician/_answer_words.html",
        "find": '{{ language }}: <span lang="{{ row.lang }}">',
        "replace": "{{ language }}: <span>",
        "tests": [SPANISH],
    },
    {
        "name": "staff-typed-words-marked",
        "protects": "a free-text answer typed in Spanish is marked lang=es",
        "file": "templates/clinician/_answer_words.html",
        "find": '{% elif row.typed %}<span lang="{{ row.lang }}">',
        "replace": "{% elif row.typed %}<span>",
        "tests": [SPANISH],
    },
    {
        "name": "staff-chosen-option-as-read",
        "protects": "a chosen option shows the Spanish words the client chose",
        "file": "portal/intake/as_read.py",
        "find": '        "said": _chosen(item, value, options),\n',
        "replace": '        "said": None,\n',
        "tests": [SPANISH],
    },
    {
        "name": "staff-english-intake-unchanged",
        "protects": "an English intake shows no Spanish words and no lang=es",
        "file": "templates/clinician/_answer_words.html",
        "find": "{{ row.label }}{% if row.asked %}",
        "replace": "{{ row.label }}{% if true %}",
        "tests": [STAFF + "test_an_english_intake_shows_no_spanish"],
    },
    {
        "name": "staff-pdf-prints-the-words-read",
        "protects": "the summary PDF prints the Spanish question beside the English",
        "file": "templates/clinician/print/summary.html",
        "find": "<dt>{{ words.question(row, language) }}</dt>",
        "replace": "<dt>{{ row.label }}</dt>",
        "tests": [STAFF + "test_the_summary_pdf_prints_the_spanish_words_beside_the_english"],
    },
]
