"""The intake summary PDF: every answer as text, no client data in metadata, never cached."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from portal.intake.summary import answer_sections
from tests.fixtures_clinician import IMG, SCRIPT, TEMPLATE, audit_count, markup_answers
from tests.fixtures_intake import sample_answers

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def pdf_text(data: bytes) -> str:
    """The PDF's text in reading order (pdftotext keeps table columns apart), spaces collapsed."""
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode("utf-8").split())


def collapse(value: str) -> str:
    """Whitespace collapsed, as in pdf_text."""
    return " ".join(value.split())


@pytest.fixture
def summary(client, signed_in_clinician, make_intake):
    """Download the summary PDF of a fresh intake; returns (intake, response)."""

    def download(**overrides):
        """Make an intake with these answer overrides and fetch its PDF."""
        intake = make_intake(**overrides)
        return intake, client.get(f"/clinician/intakes/{intake.id}.pdf")

    return download


def test_summary_pdf_contains_every_answer(summary):
    intake, response = summary(urgent=True)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    text = pdf_text(response.data)
    answers = sample_answers()
    answers["eligibility"]["safety_risk"] = "yes"
    rows = [row for _title, section in answer_sections(answers) for row in section]
    assert len(rows) > 40
    missing = [(q, a) for q, a in rows if collapse(a) not in text or collapse(q) not in text]
    assert missing == []
    assert "Urgent: reply promptly" in text and "PHQ-9 (mood) 9 (mild)" in text


def test_summary_pdf_puts_essentials_on_the_first_page(summary):
    _intake, response = summary()
    first = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    essentials = ("amira@example.org", "+1 555 0134 222", "To feel like myself again")
    for essential in (*essentials, "What brings you here", "Since my father died in spring"):
        assert essential in " ".join(first.split())
    assert "Every answer" not in first


def test_summary_pdf_metadata_carries_no_client_data(summary):
    intake, response = summary()
    reader = PdfReader(io.BytesIO(response.data))
    info = {k: str(v) for k, v in (reader.metadata or {}).items()}
    assert info["/Title"] == "Intake summary" and info["/Subject"] == "Intake summary"
    xmp = reader.trailer["/Root"].get("/Metadata")
    xmp_text = xmp.get_object().get_data().decode("utf-8", "replace") if xmp else ""
    about = sample_answers()["about"]
    for secret in (about["full_name"], about["email"], about["phone"], "Amira", intake.id):
        assert secret not in repr(info) and secret not in xmp_text


def test_summary_pdf_is_an_uncached_audited_attachment(
    app, client, signed_in_clinician, make_intake
):
    intake = make_intake()
    before = audit_count()
    response = client.get(f"/clinician/intakes/{intake.id}.pdf")
    assert audit_count() == before + 1 and audit_count("intake.export") == 1
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="intake-{intake.id}.pdf"'
    cache = Path(app.config["HANDOUT_CACHE_DIR"])
    assert not cache.exists() or not any(cache.rglob("*.pdf"))


def test_summary_pdf_shows_markup_as_text(summary):
    _intake, response = summary(**markup_answers())
    text = pdf_text(response.data)
    assert f"{SCRIPT} Quinn" in text and IMG in text
    assert f"Hope {TEMPLATE} end" in text and "Hope 49 end" not in text


def test_a_failed_render_says_so_without_an_export_record(
    client, signed_in_clinician, make_intake, monkeypatch
):
    from portal.clinician import inbox
    from portal.handouts.engine import RenderError

    def fail(*args, **kwargs):
        raise RenderError("the worker took too long")

    monkeypatch.setattr(inbox, "render_pdf", fail)
    intake = make_intake()
    response = client.get(f"/clinician/intakes/{intake.id}.pdf")
    assert response.status_code == 503
    assert "The PDF could not be made" in response.get_data(as_text=True)
    assert audit_count("intake.export") == 0
    assert client.get(f"/clinician/intakes/{intake.id}").status_code == 200
