"""How an intake is stored: encrypted answers plus the few clear fields the inbox needs.

The decrypted answers are a dict of sections, each a dict of plain values:
  eligibility: age_ok, area, safety_risk ("yes"/"no")
  about: full_name, preferred_name, pronouns, date_of_birth (ISO), email, phone,
         contact_method, voicemail_ok, email_ok, region
  reasons: own_words, hopes, previous_therapy, previous_detail, medication, other_providers
  phq9: items (nine ints 0-3), difficulty, score, band
  gad7: items (seven ints 0-3), score, band
  practical: mode, availability (list), payment, insurer, member_number, heard_from
  consent: agreed (bool), typed_name
  flags: safety_question (bool), phq9_item9 (bool)
"""

from __future__ import annotations

import hashlib
import secrets

from portal.models import Intake
from portal.models.base import random_id, utcnow
from portal.security.crypto import blind_index, decrypt_json, encrypt_json

# No 0/O or 1/I/L, so a reference read over the phone is unambiguous.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    """A short, non-sequential reference like "K7M-4QX9" (40 bits of randomness)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{chars[:3]}-{chars[3:]}"


def answers_context(intake_id: str) -> str:
    """Bind encrypted answers to their intake, so rows cannot be swapped."""
    return f"intake:{intake_id}"


def note_context(intake_id: str) -> str:
    """Bind an encrypted note to its intake."""
    return f"note:{intake_id}"


def name_tokens(full_name: str, preferred_name: str = "") -> str:
    """Keyed hashes of each name word, space-separated, for search by name."""
    words = {w for w in f"{full_name} {preferred_name}".casefold().split() if w}
    return " ".join(sorted(blind_index(w, "name") for w in words))


def new_intake(
    answers: dict,
    submission_id: str,
    *,
    is_urgent: bool = False,
    quarantine_reason: str = "",
    consent_text: str = "",
) -> Intake:
    """Build (not add) an Intake with encrypted answers and search indexes."""
    intake_id = random_id()
    about = answers.get("about", {})
    now = utcnow()
    return Intake(
        id=intake_id,
        reference=new_reference(),
        submission_id=submission_id,
        status="new",
        is_urgent=is_urgent,
        is_quarantined=bool(quarantine_reason),
        quarantine_reason=quarantine_reason,
        received_at=now,
        status_changed_at=now,
        answers=encrypt_json(answers, answers_context(intake_id)),
        name_index=name_tokens(about.get("full_name", ""), about.get("preferred_name", "")),
        email_index=blind_index(about.get("email", ""), "email") if about.get("email") else "",
        consent_text=consent_text,
        consent_sha256=hashlib.sha256(consent_text.encode()).hexdigest() if consent_text else "",
        consent_at=now if consent_text else None,
    )


def read_answers(intake: Intake) -> dict:
    """Decrypt an intake's answers (in memory only)."""
    return decrypt_json(intake.answers, answers_context(intake.id))
