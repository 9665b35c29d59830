"""The whole adult intake in Spanish in Chromium, keyboard only at phone width, switching
language on three pages mid-way (the first with typing not yet sent); every answer arrives
and every page is axe clean in both languages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import Intake
from tests.e2e.conftest import shot
from tests.e2e.test_intake_journey import choose, continue_, press_on, type_into

NAME = "Lucía Teclado Ruiz"
WORDS = "Desde la mudanza me cuesta dormir y estoy muy cansada."


@pytest.fixture
def spanish(live_server):
    """Spanish offered, for this test only."""
    live_server.app.config["LANGUAGES"] = "en,es"
    yield
    live_server.app.config["LANGUAGES"] = "en"


def switch(page, lang: str) -> None:
    """Press the language switch by keyboard and wait for the same page in `lang`."""
    with page.expect_navigation():
        press_on(page, f".language-switch button[lang={lang}]")
    assert page.get_attribute("html", "lang") == lang


def about_you_half_typed(page) -> None:
    """The first boxes of About you, typed but not yet sent."""
    type_into(page, "#full_name", NAME)
    type_into(page, "#dob_day", "3")
    type_into(page, "#dob_month", "4")
    type_into(page, "#dob_year", "1990")


def about_you_rest(page) -> None:
    """The rest of About you."""
    type_into(page, "#email", "lucia@example.org")
    type_into(page, "#phone", "+1 555 010 4477")
    choose(page, "contact_method", 0)
    choose(page, "voicemail_ok", 1)
    choose(page, "email_ok", 0)
    type_into(page, "#region", "97214")


def test_the_whole_adult_intake_in_spanish_by_keyboard_with_three_switches(
    browser, live_server, spanish, assert_accessible
):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="es-US")
    page = context.new_page()
    page.goto(live_server("/intake/"))
    assert page.get_attribute("html", "lang") == "es"
    assert_accessible(page)
    with page.expect_navigation():
        press_on(page, "a.button-start")
    assert page.locator("h1").inner_text() == "¿Tiene 18 años o más?"
    choose(page, "age_ok", 0)
    continue_(page, "Continuar")
    if "where-you-live" in page.url:
        choose(page, "area", 0)
        continue_(page, "Continuar")
    choose(page, "safety_risk", 1)
    continue_(page, "Continuar")

    about_you_half_typed(page)  # switch 1: typed, not yet sent
    switch(page, "en")
    assert page.input_value("#full_name") == NAME and page.input_value("#dob_year") == "1990"
    assert "Full name" in page.inner_text("main")
    assert_accessible(page)
    about_you_rest(page)
    continue_(page, "Continue")

    switch(page, "es")  # switch 2: What brings you, back to Spanish
    assert "¿Qué le trae a terapia?" in page.inner_text("main")
    assert_accessible(page)
    type_into(page, "#own_words", WORDS)
    choose(page, "previous_therapy", 1)
    continue_(page, "Continuar")

    main = page.inner_text("main")
    assert "¿qué tan seguido ha tenido molestias debido a los siguientes problemas?" in main
    assert "Merz" in main  # the credit line names the validated text's study
    shot(page, "es-adult-mood")
    assert_accessible(page)
    for i in range(8):
        choose(page, f"item_{i}", 1)
    choose(page, "item_8", 1)  # thoughts of being better off dead: several days
    choose(page, "difficulty", 1)
    continue_(page, "Continuar")
    assert "/intake/urgent-help" in page.url and "988" in page.inner_text("main")
    assert_accessible(page)
    with page.expect_navigation():
        press_on(page, "main a.button")

    for i in range(7):  # switch 3: GAD-7 chosen in Spanish, seen in English, then Spanish
        choose(page, f"item_{i}", 2)
    shot(page, "es-adult-worry")
    switch(page, "en")
    assert "Feeling nervous, anxious, or on edge" in page.inner_text("main")
    assert page.locator("#item_6-2").is_checked()
    assert_accessible(page)
    switch(page, "es")
    assert page.locator("#item_0-2").is_checked()
    assert "¿qué tanta dificultad" not in page.inner_text("main")
    continue_(page, "Continuar")

    choose(page, "mode", 2)
    press_on(page, "#availability-0", "Space")
    choose(page, "payment", 0)
    choose(page, "heard_from", 0)
    continue_(page, "Continuar")
    assert_accessible(page)
    press_on(page, "#agreed", "Space")
    type_into(page, "#typed_name", NAME)
    continue_(page, "Continuar")

    assert page.url.endswith("/intake/check")
    main = page.inner_text("main")
    assert WORDS in main and "lucia@example.org" in main
    assert "Poco interés o placer en hacer cosas" in main
    assert "Sobre usted" in main and "3 de abril de 1990" in main and "Not given" not in main
    shot(page, "es-adult-check")
    assert_accessible(page)
    continue_(page, "Enviar mi solicitud")
    assert page.locator("h1").inner_text() == "Solicitud enviada"
    reference = page.locator(".panel-ref").inner_text()
    assert_accessible(page)
    with live_server.app.app_context():
        from portal.intake.records import read_answers

        intake = db.session.scalars(select(Intake).where(Intake.reference == reference)).one()
        answers = read_answers(intake)
        assert intake.language == "es" and intake.is_urgent
        assert answers["about"]["full_name"] == NAME
        assert answers["about"]["date_of_birth"] == "1990-04-03"
        assert answers["about"]["email"] == "lucia@example.org"
        assert answers["reasons"]["own_words"] == WORDS
        assert answers["phq9"]["items"] == [1] * 9 and answers["phq9"]["difficulty"]
        assert answers["gad7"]["items"] == [2] * 7
        assert answers["practical"]["availability"] and answers["practical"]["payment"]
        assert answers["consent"]["typed_name"] == NAME
    context.close()
