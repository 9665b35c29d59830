"""The short enquiry in Spanish in Chromium, keyboard only, axe clean on every page, with a
language switch mid-way that keeps what was typed on that page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import Intake
from portal.practice import DEFAULT_CONSENT_ES
from tests.e2e.conftest import shot
from tests.e2e.test_intake_journey import choose, continue_, press_on, type_into

TYPED = "Duermo mal desde la mudanza."


@pytest.fixture
def spanish_offered(live_server):
    """Spanish offered and the short enquiry on the start page, for this test."""
    from portal.models import Form
    from portal.questionnaires import ADULT_URL, SHORT_URL, service

    app = live_server.app
    app.config["LANGUAGES"] = "en,es"
    with app.app_context():
        service.ensure_builtin_forms()
        service.set_offered(service.by_url(SHORT_URL), True, None)
        db.session.commit()
    yield
    app.config["LANGUAGES"] = "en"
    with app.app_context():
        for form in db.session.scalars(select(Form).where(Form.url != ADULT_URL)):
            form.is_offered = False
        db.session.commit()


def test_a_short_enquiry_in_spanish_by_keyboard_switching_language_mid_way(
    browser, live_server, spanish_offered, assert_accessible
):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="es-US")
    page = context.new_page()
    page.goto(live_server("/intake/"))
    assert page.get_attribute("html", "lang") == "es"  # the browser's language, first visit
    assert_accessible(page)
    labels = page.locator("form .choice-label").all_inner_texts()
    choose(page, "form", labels.index("Una consulta breve"))
    continue_(page, "Empezar ahora")
    assert page.locator("h1").inner_text() == "¿Tiene 18 años o más?"
    assert_accessible(page)
    choose(page, "age_ok", 0)
    continue_(page, "Continuar")
    choose(page, "safety_risk", 1)
    continue_(page, "Continuar")
    type_into(page, "#full_name", "Lucía Teclado")
    type_into(page, "#email", "lucia@example.org")
    choose(page, "contact_method", 0)
    continue_(page, "Continuar")
    type_into(page, "#own_words", TYPED)  # typed, not yet sent: then the switch
    with page.expect_navigation():
        press_on(page, ".language-switch button[lang=en]")
    assert page.get_attribute("html", "lang") == "en"
    assert page.input_value("#own_words") == TYPED  # nothing typed was lost
    assert "What brings you to therapy?" in page.inner_text("main")  # the same page, in English
    assert_accessible(page)
    with page.expect_navigation():
        press_on(page, ".language-switch button[lang=es]")
    assert page.get_attribute("html", "lang") == "es"
    assert page.input_value("#own_words") == TYPED
    continue_(page, "Continuar")
    shot(page, "es-consent")
    assert_accessible(page)
    statement = page.locator("h2:has-text('Declaración de consentimiento') + div")
    assert statement.get_attribute("lang") is None  # our default statement, in Spanish
    assert statement.inner_text() == DEFAULT_CONSENT_ES
    press_on(page, "#agreed", "Space")
    type_into(page, "#typed_name", "Lucía Teclado")
    continue_(page, "Continuar")
    assert page.url.endswith("/intake/check")
    assert "Revise sus respuestas antes de enviar su solicitud" in page.inner_text("h1")
    assert TYPED in page.inner_text("main")
    assert_accessible(page)
    continue_(page, "Enviar mi solicitud")
    assert page.locator("h1").inner_text() == "Solicitud enviada"
    assert_accessible(page)
    with live_server.app.app_context():
        from portal.intake.records import read_answers
        from portal.questionnaires import SHORT_URL

        intake = db.session.scalars(select(Intake).where(Intake.form_url == SHORT_URL)).one()
        assert intake.language == "es"
        assert read_answers(intake)["reasons"]["own_words"] == TYPED
    context.close()
