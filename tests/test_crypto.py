"""Answers are really encrypted: decode what is stored and find no plaintext; a value only opens
in its own row, under a key of the ring; rotated keys still open old rows."""

from __future__ import annotations

import base64

import pytest
from cryptography.exceptions import InvalidTag
from sqlalchemy import select, text

from portal.db import db
from portal.intake.records import answers_context, read_answers
from portal.models import Intake
from portal.security import crypto
from tests.conftest import TEST_KEY

NAME = "Amira Solberg-Núñez"
WORDS = "sleeping badly"


def stored_answers(intake_id: str) -> str:
    """The answers column exactly as the database holds it."""
    return db.session.execute(
        text("SELECT answers FROM intake WHERE id = :id"), {"id": intake_id}
    ).scalar_one()


def decoded_payload(token: str) -> bytes:
    """What anyone can get from a stored value without a key: its base64 payload, decoded."""
    version, kid, payload = token.split(".", 2)
    assert version == "v1" and kid == "t1"
    return base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))


def test_stored_answers_decode_to_no_plaintext(app, make_intake):
    intake = make_intake()
    stored = stored_answers(intake.id)
    raw = decoded_payload(stored)
    for secret in (NAME, WORDS, "amira@example.org", "1991-04-17"):
        assert secret not in stored
        assert secret.encode() not in raw
        assert secret.encode("utf-16-le") not in raw
    assert len(raw) >= 12 + 16  # a 96-bit nonce and a 128-bit tag around the ciphertext
    assert read_answers(intake)["about"]["full_name"] == NAME


def test_the_same_answers_encrypt_differently_each_time(app):
    first = crypto.encrypt_text(NAME, "intake:a")
    second = crypto.encrypt_text(NAME, "intake:a")
    assert first != second
    assert decoded_payload(first)[:12] != decoded_payload(second)[:12]


def test_answers_copied_to_another_row_do_not_decrypt(app, make_intake):
    victim, other = make_intake(), make_intake(about={"full_name": "Someone Else"})
    db.session.execute(
        text("UPDATE intake SET answers = :a WHERE id = :id"),
        {"a": stored_answers(victim.id), "id": other.id},
    )
    db.session.commit()
    db.session.expire_all()
    moved = db.session.scalars(select(Intake).where(Intake.id == other.id)).one()
    with pytest.raises(InvalidTag):
        read_answers(moved)
    with pytest.raises(InvalidTag):
        crypto.decrypt_json(stored_answers(victim.id), answers_context(other.id))


def test_a_value_does_not_open_under_another_key(app, make_intake):
    stored = stored_answers(make_intake().id)
    other_key = base64.urlsafe_b64encode(b"z" * 32).decode()
    app.extensions.pop("portal_key_ring", None)
    app.config["ENCRYPTION_KEYS"] = f"t1:{other_key}"
    with pytest.raises(InvalidTag):
        crypto.decrypt_text(stored, "")
    app.extensions.pop("portal_key_ring", None)
    app.config["ENCRYPTION_KEYS"] = f"t9:{other_key}"
    with pytest.raises(crypto.KeyRingError, match="No key 't1'"):
        crypto.decrypt_text(stored, "")


def test_a_tampered_ciphertext_is_refused(app):
    token = crypto.encrypt_text(NAME, "intake:a")
    raw = bytearray(decoded_payload(token))
    raw[20] ^= 1
    forged = "v1.t1." + base64.urlsafe_b64encode(bytes(raw)).decode()
    with pytest.raises(InvalidTag):
        crypto.decrypt_text(forged, "intake:a")


def test_after_key_rotation_old_rows_still_open_and_new_ones_use_the_new_key(
    app, make_intake, client, signed_in_owner
):
    old = make_intake()
    new_key = base64.urlsafe_b64encode(b"n" * 32).decode()
    app.extensions.pop("portal_key_ring", None)
    app.config["ENCRYPTION_KEYS"] = f"t2:{new_key},{TEST_KEY}"
    assert read_answers(old)["about"]["full_name"] == NAME
    fresh = make_intake(about={"full_name": "Rowan Example"})
    assert stored_answers(fresh.id).startswith("v1.t2.")
    assert read_answers(fresh)["about"]["full_name"] == "Rowan Example"
    page = client.get(f"/clinician/intakes/{old.id}").get_data(as_text=True)
    assert "Amira" in page


def test_key_ring_refuses_malformed_keys():
    with pytest.raises(crypto.KeyRingError, match="32 bytes"):
        crypto.parse_key_ring("k1:" + base64.urlsafe_b64encode(b"short").decode())
    with pytest.raises(crypto.KeyRingError, match="No encryption key"):
        crypto.parse_key_ring(" , ")
