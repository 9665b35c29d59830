"""The `portal` commands as a person types them: exit codes, one-line errors, real effects."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import select

from portal.config import ROOT
from portal.db import db
from portal.demo import DEMO_CLINICIAN, DEMO_PASSWORD
from portal.models import Article, AuditEvent, User
from tests.conftest import PASSWORD


def run(app, *args: str, stdin: str | None = None):
    """Invoke a `portal` command inside the test app."""
    return app.test_cli_runner().invoke(args=list(args), input=stdin)


def test_create_user_reads_the_password_from_stdin(app):
    result = run(
        app,
        "create-user",
        "New@Example.org",
        "--role",
        "owner",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created owner new@example.org." in result.output
    user = db.session.scalars(select(User).where(User.email == "new@example.org")).one()
    assert user.role == "owner" and user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in result.output


def test_create_user_prompts_twice_for_the_password(app):
    result = run(app, "create-user", "typed@example.org", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalars(select(User).where(User.email == "typed@example.org")).one()


def test_create_user_refuses_a_weak_password_with_one_line(app):
    result = run(app, "create-user", "weak@example.org", "--password-stdin", stdin="short\n")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: Password must be at least 12 characters long"
    assert db.session.scalars(select(User)).all() == []


def test_create_user_refuses_a_duplicate(app, clinician):
    result = run(app, "create-user", clinician.email, "--password-stdin", stdin=PASSWORD + "\n")
    assert result.exit_code == 1
    assert "already an account" in result.output


def test_create_user_rejects_an_unknown_role(app):
    result = run(app, "create-user", "x@example.org", "--role", "admin", "--password-stdin")
    assert result.exit_code == 2
    assert "admin" in result.output


def test_demo_loads_once_and_its_clinician_can_sign_in(app, client):
    first = run(app, "demo")
    assert first.exit_code == 0, first.output
    assert DEMO_CLINICIAN in first.output and DEMO_PASSWORD in first.output
    assert len(db.session.scalars(select(Article)).all()) >= 6
    again = run(app, "demo", "--if-empty")
    assert again.exit_code == 0 and "already loaded" in again.output
    assert DEMO_CLINICIAN in again.output and DEMO_PASSWORD in again.output
    response = client.post_form("/auth/login", {"email": DEMO_CLINICIAN, "password": DEMO_PASSWORD})
    assert response.headers["Location"] == "/clinician/"


def test_demo_refuses_to_run_in_production(app):
    app.config["PORTAL_ENV"] = "production"
    result = run(app, "demo")
    assert result.exit_code == 1
    assert "not loaded in production" in result.output
    assert db.session.scalars(select(User)).all() == []


def test_audit_check_detects_an_edited_row(app, clinician):
    ok = run(app, "audit-check")
    assert ok.exit_code == 0 and "Audit trail intact" in ok.output
    row = db.session.scalars(select(AuditEvent)).first()
    row.action = "user.delete"
    db.session.commit()
    broken = run(app, "audit-check")
    assert broken.exit_code == 1
    assert f"audit row {row.id} was changed" in broken.output


def test_new_key_prints_a_usable_key_entry(app):
    result = run(app, "new-key", "--id", "k2")
    kid, key = result.output.strip().split(":", 1)
    assert kid == "k2" and len(key) >= 43


def test_console_script_initialises_a_fresh_instance(tmp_path):
    """`portal init-db` in a new instance folder, as a newcomer runs it."""
    env = {**os.environ, "PORTAL_INSTANCE_PATH": str(tmp_path / "fresh")}
    env.pop("DATABASE_URL", None)
    portal = [sys.executable, "-m", "flask", "--app", "portal"]
    done = subprocess.run(
        [*portal, "init-db"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Database is up to date." in done.stdout
    assert (tmp_path / "fresh" / "portal.db").exists()
    assert (tmp_path / "fresh" / "secret_key").stat().st_mode & 0o077 == 0


def test_command_before_init_db_says_what_to_run(tmp_path):
    """A command on a database without tables names the next step instead of a traceback."""
    env = {**os.environ, "PORTAL_INSTANCE_PATH": str(tmp_path / "new")}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-c", "from portal.cli import main; main()"]
    done = subprocess.run(
        [*command, "handout", "any-slug", "-o", str(tmp_path / "out.pdf")],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert "no tables yet. Run `portal init-db` first." in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.pdf").exists()
