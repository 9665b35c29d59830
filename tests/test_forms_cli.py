"""`portal forms list / export / import`: forms kept as files, round-tripped exactly."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

from sqlalchemy import func, select

from portal.config import ROOT
from portal.db import db
from portal.models import AuditEvent, Form, FormVersion
from portal.questionnaires import ADULT_URL
from portal.questionnaires.service import builtin_text
from tests.forms_samples import form

GUARDIAN_LINE = "guardian\tFor my child or teen\tversion 1\n"
SHORT_LINE = "short\tA short enquiry\tversion 1\n"  # listed first, by title
COUPLE_LINE = "couple\tFor us as a couple\tversion 1\n"  # listed last


def run(app, *args: str):
    """Invoke a `portal` command inside the test app."""
    return app.test_cli_runner().invoke(args=list(args))


def counts() -> tuple[int, int, int]:
    """Forms, versions and audit rows: a refused import must leave all three alone."""
    return (
        db.session.scalar(select(func.count(Form.id))),
        db.session.scalar(select(func.count(FormVersion.id))),
        db.session.scalar(select(func.count(AuditEvent.id))),
    )


def without_version(text: str) -> dict:
    """A definition's JSON apart from its version."""
    data = json.loads(text)
    data.pop("version")
    return data


def test_forms_cli_list_shows_the_builtin_adult_form(app):
    result = run(app, "forms", "list")
    assert result.exit_code == 0, result.output
    assert (
        result.output == SHORT_LINE + GUARDIAN_LINE + "adult\tFor myself\tversion 1\n" + COUPLE_LINE
    )


def test_forms_cli_export_writes_the_published_definition(app, tmp_path):
    out = tmp_path / "adult.json"
    result = run(app, "forms", "export", "adult", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"Wrote adult to {out}." in result.output
    assert out.read_text() == builtin_text("adult.json")
    assert json.loads(out.read_text())["url"] == ADULT_URL


def test_forms_cli_export_unknown_form_or_version_is_a_clear_error(app, tmp_path):
    out = str(tmp_path / "x.json")
    result = run(app, "forms", "export", "nope", "-o", out)
    assert result.exit_code == 1
    assert "Error: there is no form 'nope'; `portal forms list` shows them" in result.output
    result = run(app, "forms", "export", "adult", "--version", "7", "-o", out)
    assert result.exit_code == 1 and "Error: The form adult has no version 7." in result.output


def test_forms_cli_export_then_import_round_trips_exactly(app, tmp_path):
    out, again = tmp_path / "adult.json", tmp_path / "again.json"
    run(app, "forms", "export", "adult", "-o", str(out))
    result = run(app, "forms", "import", str(out), "--publish")
    assert result.exit_code == 0, result.output
    assert "Imported adult version 2 (published)." in result.output
    run(app, "forms", "export", "adult", "--version", "2", "-o", str(again))
    assert without_version(again.read_text()) == without_version(out.read_text())
    assert json.loads(again.read_text())["version"] == "2"
    assert (
        run(app, "forms", "list").output
        == SHORT_LINE + GUARDIAN_LINE + "adult\tFor myself\tversion 2\n" + COUPLE_LINE
    )
    audit = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert audit[-3:] == ["form.draft", "form.import", "form.publish"]


def test_forms_cli_import_always_makes_a_new_draft_whatever_the_file_says(app, tmp_path):
    path = tmp_path / "adult.json"
    path.write_text(builtin_text("adult.json").replace('"version": "1"', '"version": "9"', 1))
    result = run(app, "forms", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "Imported adult version 2 (a draft)." in result.output
    versions = db.session.scalars(
        select(FormVersion).join(Form).where(Form.url == ADULT_URL).order_by(FormVersion.version)
    ).all()
    assert [(v.version, v.status) for v in versions] == [(1, "published"), (2, "draft")]
    assert versions[0].definition == builtin_text("adult.json")  # the published one untouched
    assert (
        run(app, "forms", "list").output
        == SHORT_LINE + GUARDIAN_LINE + "adult\tFor myself\tversion 1\n" + COUPLE_LINE
    )


def test_forms_cli_import_unknown_url_makes_a_new_form(app, tmp_path):
    path = tmp_path / "test.json"
    path.write_text(json.dumps(form(version="12")))
    result = run(app, "forms", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "Imported test version 1 (a draft)." in result.output
    assert "test\tTest form\tnot published" in run(app, "forms", "list").output


def test_forms_cli_import_refuses_bad_json_and_changes_nothing(app, tmp_path):
    run(app, "forms", "list")
    before = counts()
    path = tmp_path / "broken.json"
    path.write_text('{"resourceType": "Questionnaire", "url": ')
    result = run(app, "forms", "import", str(path))
    assert result.exit_code == 1
    assert "Error: broken.json was not imported; nothing was changed." in result.output
    assert "The file is not valid JSON: Expecting value at line 1, column 42." in result.output
    assert counts() == before


def test_forms_cli_import_refuses_a_file_that_is_not_text(app, tmp_path):
    run(app, "forms", "list")
    before = counts()
    path = tmp_path / "form.json"
    path.write_bytes(b"\xff\xfe{\x00")
    result = run(app, "forms", "import", str(path))
    assert result.exit_code == 1
    assert "  - The file is not UTF-8 text." in result.output
    assert counts() == before


def test_forms_cli_import_refuses_an_invalid_definition_with_every_reason(app, tmp_path):
    run(app, "forms", "list")
    before = counts()
    data = form(status="bogus")
    data["item"][1]["item"][2]["enableWhen"][0]["question"] = "about.later"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    result = run(app, "forms", "import", str(path))
    assert result.exit_code == 1
    assert "  - The status must be draft, active or retired, not 'bogus'." in result.output
    assert "which is not an earlier item" in result.output
    assert counts() == before


def test_forms_cli_import_publish_without_safety_question_saves_nothing(app, tmp_path):
    run(app, "forms", "list")
    before = counts()
    data = form()
    data["item"].pop(0)
    path = tmp_path / "unsafe.json"
    path.write_text(json.dumps(data))
    result = run(app, "forms", "import", str(path), "--publish")
    assert result.exit_code == 1
    assert "safety question" in result.output
    assert counts() == before


def test_forms_cli_init_db_seeds_the_adult_form_once(tmp_path):
    """A fresh install has version 1 of the adult form after `portal init-db`, run twice."""
    env = {**os.environ, "PORTAL_INSTANCE_PATH": str(tmp_path / "fresh")}
    env.pop("DATABASE_URL", None)
    portal = [sys.executable, "-m", "flask", "--app", "portal"]
    for _run in range(2):
        done = subprocess.run(
            [*portal, "init-db"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "fresh" / "portal.db") as connection:
        rows = connection.execute(
            "SELECT form.slug, form_version.version, form_version.status FROM form "
            "JOIN form_version ON form_version.form_id = form.id"
        ).fetchall()
    assert sorted(rows) == [
        ("adult", 1, "published"),
        ("couple", 1, "published"),
        ("guardian", 1, "published"),
        ("short", 1, "published"),
    ]


def test_forms_cli_demo_has_the_adult_form(app):
    assert run(app, "demo").exit_code == 0
    form_row = db.session.scalars(select(Form).where(Form.slug == "adult")).one()
    assert form_row.url == ADULT_URL and form_row.versions[0].is_published
