"""Owner settings: profile and policy reach the public pages; the logo is checked by content."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from portal.db import db
from portal.models import Practice
from tests.fixtures_clinician import audit_count, page_text

SETTINGS = "/clinician/settings"
LOGO = "/clinician/settings/logo"


def settings_data(**overrides) -> dict:
    """A complete, valid settings form as the owner would send it."""
    data = {
        "name": "Harbour Light Counselling",
        "clinicians_shown": "Dr Ana Reyes",
        "address": "12 Quay Street\nPortsmouth",
        "phone": "023 9200 0000",
        "email": "hello@harbourlight.example",
        "website": "https://harbourlight.example",
        "help_preset": "UK",
        "custom_help": "",
        "country": "UK",
        "time_zone": "Europe/London",
        "service_areas": "Portsmouth\n\nSouthsea\n",
        "reply_days": "3",
        "accepting": "waitlist",
        "client_years": "8",
        "prospect_days": "90",
        "draft_days": "7",
        "quarantine_days": "14",
        "consent_text": "I agree to this practice keeping my answers safely.",
        "privacy_text": "We keep your answers encrypted and delete them on time.",
    }
    data.update(overrides)
    return data


def practice() -> Practice:
    """The saved practice row."""
    db.session.expire_all()
    return db.session.scalars(select(Practice)).one()


def image_bytes(kind: str = "PNG", size=(40, 20), exif: bool = False) -> bytes:
    """A small real image in the given format."""
    out = io.BytesIO()
    image = Image.new("RGB", size, (31, 95, 91))
    options = {}
    if exif:
        info = Image.Exif()
        info[0x010F] = "CameraMaker-GPS-secret"
        options["exif"] = info.tobytes()
    image.save(out, format=kind, **options)
    return out.getvalue()


def test_saving_settings_changes_the_public_pages(client, signed_in_owner, staff_post):
    before = audit_count()
    response = staff_post(SETTINGS, settings_data())
    assert response.headers["Location"].endswith(SETTINGS)
    assert audit_count() == before + 1 and audit_count("practice.update") == 1
    saved = practice()
    assert saved.service_areas == ["Portsmouth", "Southsea"]
    assert saved.retention == {
        "client_years": 8,
        "prospect_days": 90,
        "draft_days": 7,
        "quarantine_days": 14,
    }
    home = page_text(client.get("/"))
    assert "Harbour Light Counselling" in home and "We have a waiting list" in home
    assert "Samaritans" in home and "116 123" in home and "988" not in home


def test_settings_form_shows_what_was_saved(client, signed_in_owner, staff_post):
    staff_post(SETTINGS, settings_data(help_preset="custom", custom_help="Crisis team | 0300 1"))
    html = client.get(SETTINGS).get_data(as_text=True)
    assert "Harbour Light Counselling" in html and "Crisis team | 0300 1" in html
    assert practice().urgent_help == [{"label": "Crisis team", "number": "0300 1", "note": ""}]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": " "}, "Enter the practice name"),
        ({"reply_days": "soon"}, "must be a whole number from 1 to 30"),
        ({"draft_days": "365"}, "Keep unfinished intakes for (days) must be a whole number"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"help_preset": "custom", "custom_help": "just words"}, "Enter at least one urgent-help"),
        ({"accepting": "maybe"}, "Choose whether you are accepting new clients"),
        ({"help_preset": ""}, "Choose which urgent-help numbers to show"),
        ({"country": "FR"}, "Choose the country the practice works in"),
        ({"time_zone": "Mars/Olympus_Mons"}, "Choose a time zone from the list"),
    ],
)
def test_bad_settings_get_a_clear_message(client, signed_in_owner, staff_post, overrides, message):
    response = staff_post(SETTINGS, settings_data(**overrides))
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text and message in text
    assert client.get("/").status_code == 200


def test_clinicians_cannot_change_settings(client, signed_in_clinician, staff_post):
    assert client.get(SETTINGS).status_code == 403
    assert staff_post(SETTINGS, settings_data()).status_code == 403
    assert staff_post(LOGO, {"logo": (io.BytesIO(image_bytes()), "l.png")}).status_code == 403


def upload(staff_post, data: bytes, name: str = "logo.png"):
    """Send a file through the logo form."""
    return staff_post(LOGO, {"logo": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_a_png_logo_is_re_encoded_stored_and_served(app, client, signed_in_owner, staff_post):
    response = upload(staff_post, image_bytes("PNG") + b"trailing-bytes-after-the-image")
    assert response.headers["Location"].endswith(SETTINGS)
    assert audit_count("practice.logo") == 1
    stored = Path(app.instance_path) / "uploads" / practice().logo_filename
    assert stored.is_file() and b"trailing-bytes" not in stored.read_bytes()
    served = client.get(f"{LOGO}.png")
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert Image.open(io.BytesIO(served.data)).size == (40, 20)
    assert 'alt="Current logo of' in client.get(SETTINGS).get_data(as_text=True)


def test_a_jpeg_logo_loses_its_metadata(app, client, signed_in_owner, staff_post):
    upload(staff_post, image_bytes("JPEG", exif=True), "photo.jpg")
    stored = Path(app.instance_path) / "uploads" / practice().logo_filename
    assert b"CameraMaker-GPS-secret" not in stored.read_bytes()
    assert Image.open(stored).format == "PNG"


def test_a_new_logo_replaces_the_old_file(app, client, signed_in_owner, staff_post):
    upload(staff_post, image_bytes())
    first = practice().logo_filename
    upload(staff_post, image_bytes(size=(10, 10)))
    folder = Path(app.instance_path) / "uploads"
    assert not (folder / first).exists() and (folder / practice().logo_filename).exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.png", "is not a PNG or JPEG image"),
        (b"GIF89a" + b"\0" * 20, "logo.gif", "is not a PNG or JPEG image"),
        ("gif", "logo.gif", "must be a PNG or JPEG image"),
        (b"", "logo.png", "Choose a PNG or JPEG image"),
        ("huge", "logo.png", "must be 1 MB or smaller"),
    ],
)
def test_a_bad_logo_gets_a_clear_message(client, signed_in_owner, staff_post, data, name, message):
    if data == "gif":
        data = image_bytes("GIF")
    elif data == "huge":
        data = image_bytes() + b"\0" * (1024 * 1024 + 10)
    response = upload(staff_post, data, name)
    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text and message in text
    assert db.session.scalars(select(Practice.logo_filename)).first() is None


def test_no_logo_is_not_found(client, signed_in_owner):
    assert client.get(f"{LOGO}.png").status_code == 404
