"""Mutations that must each make a test fail: resume links, logs, URLs, input ranges, start-up."""

MUTATIONS = [
    {
        "name": "resume-link-rotates-on-use",
        "protects": "opening a resume link moves the draft to a new id and token (case 61)",
        "file": "portal/intake/service.py",
        "find": (
            "    draft = save_draft(None, data, days)\n    return draft, issue_resume_token(draft)"
        ),
        "replace": "    db.session.rollback()\n    return draft_for_token(token), token",
        "tests": ["tests/test_intake_resume.py"],
    },
]
