"""The practice's consent and privacy statements in the reader's language, never assumed."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import Intake
from portal.practice import DEFAULT_CONSENT_ES, DEFAULT_PRIVACY, DEFAULT_PRIVACY_ES
from portal.questionnaires import SHORT_URL
from tests.fixtures_intake import WALK_CONFIG, offer_form, soup
from tests.test_clinician_settings_roundtrip import SETTINGS, browser_submission
from tests.test_i18n import JINJA, TAG, TRANS
from tests.test_intake_short_form import SHORT, post_pages, send_check

pytestmark = pytest.mark.app_config(LANGUAGES="en,es", **WALK_CONFIG)

ROOT = Path(__file__).resolve().parent.parent
OWN_EN = "We keep what you tell us on our own computer, and nowhere else."
OWN_ES = "Guardamos lo que nos cuenta en nuestro propio ordenador, y en ningún otro sitio."
CONSENT_EN = "I agree that Harbour Light may keep my answers to plan a first meeting."
CONSENT_ES = "Acepto que Harbour Light guarde mis respuestas para preparar una primera cita."
ENGLISH_ONLY_NOTICE = "La consulta ha escrito su aviso de privacidad solo en inglés"
ENGLISH_ONLY_CONSENT = "La consulta ha escrito su declaración de consentimiento solo en inglés"


@pytest.fixture
def practice(app):
    """The stored practice row, with its default statements, to change texts on."""
    from portal.clinician.settings_service import practice_row

    row = practice_row()
    db.session.commit()
    return row


def privacy_statement(client, lang: str = "es"):
    """The statement block of the privacy page read in a language."""
    page = soup(client.get(f"/privacy?lang={lang}"))
    return page, page.select_one(".intake-statement")


def consent_page(client):
    """The short enquiry walked in Spanish up to its consent page, and that page."""
    offer_form(SHORT_URL)
    client.get("/intake/?lang=es")
    client.post_form("/intake/", {"form": "short"}, token_page="/intake/")
    post_pages(client, {slug: data for slug, data in SHORT.items() if slug != "consent"})
    return soup(client.get("/intake/consent"))


def test_a_default_statement_is_shown_in_our_spanish(client, practice):
    page, shown = privacy_statement(client)
    assert shown.get_text() == DEFAULT_PRIVACY_ES and "lang" not in shown.attrs
    assert ENGLISH_ONLY_NOTICE not in page.get_text()


def test_the_practice_s_own_spanish_statement_is_shown(client, practice):
    practice.privacy_text, practice.privacy_text_es = OWN_EN, OWN_ES
    db.session.commit()
    page, shown = privacy_statement(client)
    assert shown.get_text() == OWN_ES and "lang" not in shown.attrs
    assert ENGLISH_ONLY_NOTICE not in page.get_text()


def test_an_own_english_statement_without_spanish_is_marked_english_and_said_so(client, practice):
    practice.privacy_text = OWN_EN
    db.session.commit()
    page, shown = privacy_statement(client)
    assert shown.get_text() == OWN_EN and shown["lang"] == "en"
    assert ENGLISH_ONLY_NOTICE in page.select_one(".statement-note").get_text()


def test_an_english_reader_sees_the_english_statement_unmarked(client, practice):
    practice.privacy_text_es = OWN_ES
    db.session.commit()
    page, shown = privacy_statement(client, "en")
    assert shown.get_text() == DEFAULT_PRIVACY and "lang" not in shown.attrs
    assert not page.select(".statement-note")


def test_the_default_is_still_known_after_a_save_changes_its_line_breaks(
    client, practice, signed_in_owner
):
    fields = browser_submission(client.get(SETTINGS).get_data(as_text=True))
    fields["privacy_text"] = "\r\n" + DEFAULT_PRIVACY.replace(". ", ".\r\n  ") + "\r\n\r\n"
    assert client.post(SETTINGS, data=fields).headers["Location"].endswith(SETTINGS)
    _page, shown = privacy_statement(client)
    assert shown.get_text() == DEFAULT_PRIVACY_ES


def test_the_spanish_statements_are_saved_in_settings_and_kept_by_an_untouched_save(
    client, practice, signed_in_owner
):
    fields = browser_submission(client.get(SETTINGS).get_data(as_text=True))
    fields["consent_text_es"], fields["privacy_text_es"] = CONSENT_ES, OWN_ES
    assert client.post(SETTINGS, data=fields).headers["Location"].endswith(SETTINGS)
    untouched = browser_submission(client.get(SETTINGS).get_data(as_text=True))
    assert client.post(SETTINGS, data=untouched).headers["Location"].endswith(SETTINGS)
    db.session.expire_all()
    assert (practice.consent_text_es, practice.privacy_text_es) == (CONSENT_ES, OWN_ES)
    assert privacy_statement(client)[1].get_text() == OWN_ES


def test_a_spanish_reader_agrees_to_the_spanish_words_and_the_intake_keeps_them(client, practice):
    page = consent_page(client)
    assert page.select_one("#consent-text").get_text() == DEFAULT_CONSENT_ES
    assert not page.select(".statement-note")
    post_pages(client, {"consent": SHORT["consent"]})
    assert send_check(client).status_code == 302
    intake = db.session.scalars(select(Intake)).one()
    assert intake.consent_text == DEFAULT_CONSENT_ES
    assert intake.consent_sha256 == hashlib.sha256(DEFAULT_CONSENT_ES.encode()).hexdigest()


def test_the_consent_page_shows_the_practice_s_own_spanish_consent(client, practice):
    practice.consent_text, practice.consent_text_es = CONSENT_EN, CONSENT_ES
    db.session.commit()
    assert consent_page(client).select_one("#consent-text").get_text() == CONSENT_ES


def test_an_english_only_consent_is_marked_and_explained_and_can_still_be_agreed(client, practice):
    practice.consent_text = CONSENT_EN
    db.session.commit()
    page = consent_page(client)
    shown = page.select_one("#consent-text")
    assert shown.get_text() == CONSENT_EN and shown["lang"] == "en"
    notes = page.select_one(".statement-note").get_text()
    assert ENGLISH_ONLY_CONSENT in notes and "guarde sus respuestas" in notes
    post_pages(client, {"consent": SHORT["consent"]})
    assert send_check(client).status_code == 302
    assert db.session.scalars(select(Intake)).one().consent_text == CONSENT_EN


def test_agreeing_to_the_english_words_on_a_spanish_page_is_refused(client, practice):
    consent_page(client)
    english = hashlib.sha256(practice.consent_text.encode()).hexdigest()
    data = {**SHORT["consent"], "text_sha256": english}
    refused = client.post_form("/intake/consent", data, token_page="/intake/consent")
    assert refused.status_code == 200
    assert "La declaración cambió mientras la leía" in soup(refused).get_text()


def test_every_word_of_the_statement_macro_is_translatable():
    source = (ROOT / "templates" / "_macros" / "statements.html").read_text()
    left = TAG.sub(" ", JINJA.sub(" ", TRANS.sub(" ", source)))
    assert re.findall(r"[A-Za-z]{2,}", left) == []
