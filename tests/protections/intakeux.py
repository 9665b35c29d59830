"""Mutations that must each make a test fail: intake consent, spam trap and saving."""

MUTATIONS = [
    {
        "name": "consent-box-must-be-ticked",
        "protects": "an unticked consent box is an error on the consent page (issue 12 item 1)",
        "file": "portal/intake/forms.py",
        "find": "        if field.data is not True:\n            raise StopValidation(message)",
        "replace": "        if field.data is None:\n            raise StopValidation(message)",
        "tests": [
            "tests/test_intake_saving.py::test_intake_consent_unticked_box_is_an_error_and_nothing_is_sent"
        ],
    },
    {
        "name": "no-intake-without-consent",
        "protects": "the service refuses to store an intake whose consent was not agreed",
        "file": "portal/intake/service.py",
        "find": 'any(answers[key].get("agreed") is not True for key in consent):',
        "replace": "False:",
        "tests": [
            "tests/test_intake_saving.py::test_intake_consent_not_agreed_in_a_draft_cannot_be_submitted"
        ],
    },
    {
        "name": "check-page-needs-agreed-consent",
        "protects": "the check page sends an unagreed draft back to the consent page",
        "file": "portal/intake/flow.py",
        "find": 'unagreed = "consent" in step.practice_texts and section.get("agreed") is not True',
        "replace": "unagreed = False",
        "tests": [
            "tests/test_intake_saving.py::test_intake_consent_unagreed_draft_goes_back_to_consent"
        ],
    },
    {
        "name": "spam-trap-hidden-from-screen-readers",
        "protects": "the honeypot is out of the accessibility tree (issue 12 item 7)",
        "file": "templates/intake/_honeypot.html",
        "find": '<div class="intake-hp" aria-hidden="true">',
        "replace": '<div class="intake-hp">',
        "tests": [
            "tests/test_intake_saving.py::test_intake_spam_trap_is_hidden_from_people_but_a_filled_one_quarantines"
        ],
    },
    {
        "name": "spam-trap-out-of-keyboard-focus",
        "protects": "the honeypot is never reached with Tab (issue 12 item 7)",
        "file": "templates/intake/_honeypot.html",
        "find": 'type="text" value="" tabindex="-1"',
        "replace": 'type="text" value=""',
        "tests": [
            "tests/test_intake_saving.py::test_intake_spam_trap_is_hidden_from_people_but_a_filled_one_quarantines"
        ],
    },
    {
        "name": "spam-trap-quarantines-on-question-pages",
        "protects": "a filled honeypot on a question page still quarantines the intake",
        "file": "portal/intake/flow.py",
        "find": 'data["consent_at"] = _now_iso()\n    if form.website.data:',
        "replace": 'data["consent_at"] = _now_iso()\n    if False:',
        "tests": [
            "tests/test_intake_saving.py::test_intake_spam_trap_is_hidden_from_people_but_a_filled_one_quarantines"
        ],
    },
    {
        "name": "unfinished-page-blocks-submit",
        "protects": "a page saved half-done must be finished before the check page and submit",
        "file": "portal/intake/flow.py",
        "find": "        if not answered or unfinished or unagreed:",
        "replace": "        if not answered or unagreed:",
        "tests": [
            "tests/test_intake_saving.py::test_intake_save_later_page_must_be_finished_before_check"
        ],
    },
    {
        "name": "save-later-still-refuses-unstorable-text",
        "protects": "Save and come back later still refuses over-long text or bad characters",
        "file": "portal/intake/views.py",
        "find": "    if form.storage_errors():\n",
        "replace": "    if False:\n",
        "tests": [
            "tests/test_intake_saving.py::test_intake_save_later_still_refuses_text_that_cannot_be_stored"
        ],
    },
]
