"""The owner's settings: the practice profile and policy, and a logo checked by its content."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from portal.db import db
from portal.models import Practice
from portal.practice import DEFAULT_RETENTION, HELP_PRESETS, default_practice
from portal.practice_logo import UPLOAD_FOLDER
from portal.practice_time import zone_for_country
from portal.security import audit

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 25_000_000
# Big enough for the header on a 3x screen and the settings preview; print needs less (150 dpi).
LOGO_BOX = (640, 240)
PROFILE_FIELDS = ("name", "clinicians_shown", "address", "phone", "email", "website")
POLICY_FIELDS = (
    "reply_days",
    "accepting",
    "consent_text",
    "privacy_text",
    "consent_text_es",
    "privacy_text_es",
)
PLACE_FIELDS = ("country", "time_zone")


class LogoError(ValueError):
    """The uploaded file is not a usable logo; the message says what to upload instead."""


def practice_row() -> Practice:
    """The practice row, created with defaults the first time the owner saves settings."""
    practice = db.session.scalars(select(Practice).order_by(Practice.id).limit(1)).first()
    if practice is None:
        practice = default_practice()
        db.session.add(practice)
        db.session.flush()
    return practice


def update_practice(values: dict, actor_id: int) -> Practice:
    """Save profile, urgent-help numbers, areas, policy and retention; one audit row."""
    practice = practice_row()
    values = {**values, "time_zone": _zone_after(practice, values["country"], values["time_zone"])}
    for name in PROFILE_FIELDS + POLICY_FIELDS + PLACE_FIELDS:
        setattr(practice, name, values[name])
    preset = values["help_preset"]
    practice.help_preset = preset
    practice.urgent_help = list(HELP_PRESETS.get(preset) or values["custom_help"])
    practice.service_areas = [a.strip() for a in values["service_areas"].splitlines() if a.strip()]
    practice.retention = {key: int(values[key]) for key in DEFAULT_RETENTION}
    audit.record("practice.update", actor_id, "practice", practice.id)
    return practice


def _zone_after(practice: Practice, country: str, zone: str) -> str:
    """A new country brings its usual zone, unless the owner chose a zone of their own."""
    untouched = zone == practice.time_zone == zone_for_country(practice.country)
    return zone_for_country(country) if country != practice.country and untouched else zone


def set_access_rules(assigned_only: bool, require_totp: bool, actor_id: int) -> Practice:
    """Turn assigned-only mode and the practice-wide second factor on or off."""
    practice = practice_row()
    practice.assigned_only = assigned_only
    practice.require_totp = require_totp
    detail = {"assigned_only": assigned_only, "require_totp": require_totp}
    audit.record("practice.access", actor_id, "practice", practice.id, detail)
    return practice


def clean_logo(data: bytes) -> bytes:
    """Check an upload is a real PNG or JPEG of sane size; return it re-encoded as a fresh PNG."""
    if not data:
        raise LogoError("Choose a PNG or JPEG image to upload")
    if len(data) > LOGO_MAX_BYTES:
        raise LogoError("The logo must be 1 MB or smaller. Save a smaller image and try again")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
            probe.verify()
        if kind not in ("PNG", "JPEG"):
            raise LogoError("The logo must be a PNG or JPEG image")
        if width * height > LOGO_MAX_PIXELS:
            raise LogoError("The logo is too large in pixels. Use an image under 25 megapixels")
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            return _re_encode(image)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise LogoError("The file is not a PNG or JPEG image. Choose a different file") from exc


def _re_encode(image: Image.Image) -> bytes:
    """Draw the pixels into a new PNG: no metadata, no trailing bytes, bounded dimensions."""
    mode = "RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB"
    fresh = image.convert(mode)
    fresh.thumbnail(LOGO_BOX)
    out = io.BytesIO()
    fresh.save(out, format="PNG", optimize=True)
    return out.getvalue()


def upload_dir(instance_path: str) -> Path:
    """Where uploaded files live: instance/uploads, never the static folder."""
    folder = Path(instance_path) / UPLOAD_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_logo(data: bytes, instance_path: str, actor_id: int) -> Practice:
    """Store a cleaned logo under a random name and forget the previous file."""
    cleaned = clean_logo(data)
    folder = upload_dir(instance_path)
    filename = f"logo-{secrets.token_hex(8)}.png"
    (folder / filename).write_bytes(cleaned)
    practice = practice_row()
    old, practice.logo_filename = practice.logo_filename, filename
    if old and old != filename:
        (folder / old).unlink(missing_ok=True)
    audit.record("practice.logo", actor_id, "practice", practice.id)
    return practice
