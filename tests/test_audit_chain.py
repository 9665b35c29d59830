"""The audit chain is keyed and its head kept outside the database: edits, recomputed rows and
deleted newest rows are all found; a trail from the previous release still verifies."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select, text

from portal import create_app
from portal.config import ConfigError
from portal.db import db
from portal.models import AuditEvent
from portal.security import audit, audit_head
from tests.conftest import base_config

HASHED_COLUMNS = {
    "at": "2001-02-03 04:05:06.000007",
    "actor_id": None,
    "action": "intake.delete",
    "object_type": "article",
    "object_id": "someone-else",
    "ip": "203.0.113.9",
    "detail": '{"status": "closed"}',
    "prev_hash": "f" * 64,
}


def check(app, *args: str):
    """Run `portal audit-check` and return the result."""
    return app.test_cli_runner().invoke(args=["audit-check", *args])


def write_rows(count: int = 4, actor_id: int | None = None) -> list[AuditEvent]:
    """Commit a few audit rows, each with every hashed column filled in."""
    rows = [
        audit.record("intake.view", actor_id, "intake", f"id-{n}", {"status": "new", "n": n})
        for n in range(count)
    ]
    db.session.commit()
    return rows


def content(row: dict, prev: str) -> bytes:
    """The canonical bytes both the old and the new release hash (written out independently)."""
    at = row["at"] if isinstance(row["at"], datetime) else datetime.fromisoformat(row["at"])
    fields = {k: row[k] for k in ("actor_id", "action", "object_type", "object_id", "ip")}
    fields |= {"at": at.isoformat(timespec="microseconds"), "detail": row["detail"], "prev": prev}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def rewrite_chain(sign) -> None:
    """What an attacker with database access does: recompute every row's hash in order."""
    prev = "0" * 64
    for row in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        data = {c: getattr(row, c) for c in ("at", "actor_id", "action", "object_type")}
        data |= {"object_id": row.object_id, "ip": row.ip, "detail": row.detail}
        digest = sign(content(data, prev))
        db.session.execute(
            text("UPDATE audit_event SET prev_hash = :p, hash = :h WHERE id = :id"),
            {"p": prev, "h": digest, "id": row.id},
        )
        prev = digest
    db.session.commit()


@pytest.mark.parametrize("column", sorted(HASHED_COLUMNS))
def test_tampering_with_any_hashed_column_is_found(app, clinician, column):
    rows = write_rows(actor_id=clinician.id)
    target = rows[1].id
    assert check(app).exit_code == 0
    db.session.execute(
        text(f"UPDATE audit_event SET {column} = :value WHERE id = :id"),  # noqa: S608 - fixed names
        {"value": HASHED_COLUMNS[column], "id": target},
    )
    db.session.commit()
    result = check(app)
    assert result.exit_code == 1
    assert f"audit row {target} was changed" in result.output


@pytest.mark.parametrize(
    "sign",
    [
        lambda data: hashlib.sha256(data).hexdigest(),
        lambda data: hmac.new(b"a guessed key", data, hashlib.sha256).hexdigest(),
    ],
    ids=["plain-sha256", "wrong-key"],
)
def test_an_edited_row_with_the_chain_recomputed_is_found(app, sign):
    rows = write_rows()
    db.session.execute(
        text("UPDATE audit_event SET object_id = 'hidden' WHERE id = :id"), {"id": rows[2].id}
    )
    db.session.commit()
    rewrite_chain(sign)
    result = check(app)
    assert result.exit_code == 1 and f"audit row {rows[0].id} was changed" in result.output


def test_a_forged_old_style_chain_is_not_re_keyed_by_a_replayed_upgrade(app):
    """Setting alembic_version back so the upgrade re-keys forged SHA-256 rows does not work."""
    from flask_migrate import upgrade

    first, _, edited, _ = (row.id for row in write_rows())
    db.session.execute(
        text("UPDATE audit_event SET object_id = 'hidden' WHERE id = :id"), {"id": edited}
    )
    rewrite_chain(lambda data: hashlib.sha256(data).hexdigest())
    head = db.session.scalar(text("SELECT version_num FROM alembic_version"))
    db.session.execute(text("UPDATE alembic_version SET version_num = '0007'"))
    db.session.commit()
    db.session.remove()
    upgrade(revision="0008")  # replay only the re-keying migration
    db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
    db.session.commit()
    db.session.remove()
    result = check(app)
    assert result.exit_code == 1 and f"audit row {first} was changed" in result.output


@pytest.mark.parametrize("deleted", [1, 3])
def test_deleting_the_newest_rows_is_found(app, deleted):
    rows = write_rows(5)
    newest = rows[-1].id
    db.session.execute(
        text("DELETE FROM audit_event WHERE id > :id"), {"id": rows[-1 - deleted].id}
    )
    db.session.commit()
    result = check(app)
    assert result.exit_code == 1
    assert f"audit rows were deleted: row {newest}" in result.output


def test_deleting_every_row_is_found(app):
    write_rows(2)
    db.session.execute(text("DELETE FROM audit_event"))
    db.session.commit()
    assert check(app).exit_code == 1


def test_the_audit_page_reports_deleted_newest_rows(client, signed_in_owner, make_intake):
    client.get(f"/clinician/intakes/{make_intake().id}")
    newest = db.session.scalar(select(func.max(AuditEvent.id)))
    db.session.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": newest})
    db.session.commit()
    page = client.get("/clinician/audit?verify=1").get_data(as_text=True)
    assert "The log has been tampered with" in page and f"Entry {newest}" in page


def test_check_prints_the_head_and_expect_head_holds_it(app):
    write_rows(2)
    result = check(app)
    head = result.output.split()[-1]
    assert result.exit_code == 0 and len(head) == 64
    write_rows(2)
    assert check(app, "--expect-head", head).exit_code == 0
    wrong = check(app, "--expect-head", "e" * 64)
    assert wrong.exit_code == 1 and "is not in the audit chain" in wrong.output


def test_expect_head_catches_a_truncation_without_the_head_file(app):
    write_rows(3)
    head = check(app).output.split()[-1]
    audit_head.head_path(app).unlink()
    db.session.execute(text("DELETE FROM audit_event WHERE id = (SELECT MAX(id) FROM audit_event)"))
    db.session.commit()
    assert check(app).exit_code == 0  # no head file: only the noted head can tell
    assert check(app, "--expect-head", head).exit_code == 1


def test_a_rolled_back_transaction_leaves_the_head_alone(app):
    rows = write_rows(2)
    audit.record("user.login", None, "user", "9")
    db.session.rollback()
    with pytest.raises(RuntimeError), db.session.begin_nested():
        audit.record("user.login", None, "user", "9")
        raise RuntimeError("the savepoint fails")
    db.session.commit()
    assert audit_head.read(audit_head.head_path(app))[0] == rows[-1].id
    assert check(app).exit_code == 0


def test_the_head_file_never_moves_backwards(tmp_path):
    path = tmp_path / "head.json"
    audit_head.advance(path, 10, "a" * 64)
    audit_head.advance(path, 9, "b" * 64)
    assert audit_head.read(path) == (10, "a" * 64)
    assert path.stat().st_mode & 0o777 == 0o600


def test_concurrent_writers_leave_the_head_at_the_newest_row(app):
    """Four workers append at once; the chain holds and the head is the newest committed row."""
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            with app.app_context():
                for i in range(8):
                    audit.record("intake.view", None, "intake", f"w{n}-{i}")
                    db.session.commit()
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    newest = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert audit_head.read(audit_head.head_path(app)) == (newest.id, newest.hash)
    result = check(app)
    assert result.exit_code == 0 and "32 rows checked" in result.output


def legacy_rows(count: int) -> None:
    """Insert rows exactly as the previous release wrote them: unkeyed SHA-256, no head file."""
    prev = "0" * 64
    for n in range(count):
        row = {"at": f"2026-11-0{n + 1} 10:00:00.000123", "actor_id": None, "action": "old"}
        row |= {"object_type": "intake", "object_id": f"old-{n}", "ip": "", "detail": {"n": n}}
        digest = hashlib.sha256(content(row, prev)).hexdigest()
        params = {**row, "detail": json.dumps(row["detail"]), "prev": prev, "hash": digest}
        db.session.execute(
            text(
                "INSERT INTO audit_event (at, actor_id, action, object_type, object_id, ip,"
                " detail, prev_hash, hash) VALUES (:at, :actor_id, :action, :object_type,"
                " :object_id, :ip, :detail, :prev, :hash)"
            ),
            params,
        )
        prev = digest
    db.session.commit()


def previous_release(app) -> None:
    """Take the database back to the schema of the previous release (before keyed hashes)."""
    from flask_migrate import downgrade

    db.session.remove()
    downgrade(revision="0006")
    audit_head.head_path(app).unlink(missing_ok=True)


def test_a_trail_from_the_previous_release_verifies_after_upgrade(app):
    from flask_migrate import upgrade

    previous_release(app)
    legacy_rows(3)
    before = check(app)
    assert before.exit_code == 1 and "run `portal init-db`" in before.output
    upgrade()
    db.session.remove()
    write_rows(1)
    result = check(app)
    assert result.exit_code == 0 and "4 rows checked" in result.output
    db.session.execute(text("DELETE FROM audit_event WHERE action <> 'old'"))
    db.session.commit()
    assert check(app).exit_code == 1  # the head file written by the upgrade catches it


def test_an_edit_made_before_the_upgrade_is_still_found_after_it(app):
    from flask_migrate import upgrade

    previous_release(app)
    legacy_rows(3)
    edited = db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()[1]
    db.session.execute(
        text("UPDATE audit_event SET object_id = 'x' WHERE id = :id"), {"id": edited}
    )
    db.session.commit()
    upgrade()
    db.session.remove()
    result = check(app)
    assert result.exit_code == 1 and f"audit row {edited} was changed" in result.output


def test_development_generates_an_audit_key_in_the_instance_folder(tmp_path):
    config = base_config(tmp_path / "dev")
    config.pop("AUDIT_KEY")
    app = create_app(config)
    key_file = tmp_path / "dev" / "audit_key"
    assert app.config["AUDIT_KEY"] == key_file.read_text() and len(app.config["AUDIT_KEY"]) >= 32
    assert key_file.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("key", [None, "short"])
def test_production_refuses_to_start_without_an_audit_key(tmp_path, key):
    from tests.test_security_headers import production_config

    with pytest.raises(ConfigError, match="PORTAL_AUDIT_KEY"):
        create_app(production_config(tmp_path, AUDIT_KEY=key))
    assert not (tmp_path / "prod" / "audit_key").exists()
