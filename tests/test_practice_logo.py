"""The uploaded logo reaches clients: the public header, its public address, and printed PDFs."""

from __future__ import annotations

import hashlib
import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from flask import current_app, g
from PIL import Image
from sqlalchemy import select

from portal.clinician.settings_service import LOGO_BOX
from portal.db import db
from portal.handouts import service
from portal.models import Practice

LOGO_ROUTE = "/practice/logo.png"
PLUM = (200, 30, 120)
GREEN = (20, 140, 60)


def logo_png(colour: tuple[int, int, int], size: tuple[int, int] = (300, 100)) -> bytes:
    """A real PNG in one bold colour, easy to find again in a rendered page."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def upload_logo(signed_in_owner, staff_post):
    """Send a PNG through the owner's settings form; returns the stored file."""

    def send(data: bytes) -> Path:
        """Upload and return the path of the cleaned copy the portal kept."""
        response = staff_post(
            "/clinician/settings/logo",
            {"logo": (io.BytesIO(data), "logo.png")},
            content_type="multipart/form-data",
        )
        assert response.headers["Location"].endswith("/clinician/settings")
        db.session.expire_all()
        name = db.session.scalars(select(Practice.logo_filename)).one()
        return Path(current_app.instance_path) / "uploads" / name

    return send


@pytest.fixture
def visitor(app, client):
    """A second, anonymous browser (same request handling as `client`): what a client sees."""
    return app.test_client()


def header_logo(response):
    """The brand link of the page header and the image inside it (or None)."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    brand = soup.select_one("header.site-header a.brand")
    return brand, brand.find("img")


@pytest.mark.parametrize("path", ["/", "/shelf/", "article"])
def test_public_pages_show_the_logo_beside_the_practice_name(
    upload_logo, visitor, make_article, path
):
    article = make_article("Breathing out slowly")
    stored = upload_logo(logo_png(PLUM))
    url = f"/shelf/{article.slug}" if path == "article" else path
    brand, img = header_logo(visitor.get(url))
    version = hashlib.sha256(stored.read_bytes()).hexdigest()[:16]
    assert img["src"] == f"{LOGO_ROUTE}?v={version}"
    assert img["alt"] == ""
    assert (img["width"], img["height"]) == ("300", "100")
    assert brand.get_text(strip=True) == "Our practice"


def test_the_logo_address_serves_the_png_to_anyone_and_can_be_cached(upload_logo, visitor):
    stored = upload_logo(logo_png(PLUM))
    _, img = header_logo(visitor.get("/"))
    response = visitor.get(img["src"])
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data == stored.read_bytes()
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in response.headers["Cache-Control"]
    assert "public" in response.headers["Cache-Control"]
    again = visitor.get(img["src"], headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    unversioned = visitor.get(LOGO_ROUTE)
    assert unversioned.data == stored.read_bytes()
    assert unversioned.headers["Cache-Control"] == "public, no-cache"


def test_a_new_logo_gets_a_new_address(upload_logo, visitor):
    upload_logo(logo_png(PLUM))
    _, first = header_logo(visitor.get("/"))
    upload_logo(logo_png(GREEN, (120, 120)))
    _, second = header_logo(visitor.get("/"))
    assert first["src"] != second["src"]
    assert (second["width"], second["height"]) == ("120", "120")
    served = Image.open(io.BytesIO(visitor.get(second["src"]).data)).convert("RGB")
    assert served.getpixel((60, 60)) == GREEN


def test_without_a_logo_there_is_no_image_and_the_address_is_not_found(client):
    _, img = header_logo(client.get("/"))
    assert img is None
    assert client.get(LOGO_ROUTE).status_code == 404


def test_a_large_logo_is_scaled_down_when_it_is_saved(upload_logo):
    stored = upload_logo(logo_png(PLUM, (2000, 1000)))
    width, height = Image.open(stored).size
    assert width <= LOGO_BOX[0] and height <= LOGO_BOX[1]
    assert (width, height) == (480, 240)


# --- print ------------------------------------------------------------------------------


def page_one_images(pdf: bytes) -> int:
    """How many raster images the first page draws (the QR code is vector, so not one)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        xobjects = document.pages[0].Resources.get("/XObject", {})
        return sum(1 for x in xobjects.values() if x.get("/Subtype") == "/Image")


def figure_alts(pdf: bytes) -> list[str]:
    """The alternative text of every tagged Figure, in document order."""
    found = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            walk(node.get("/K"))
        elif isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)

    with pikepdf.open(io.BytesIO(pdf)) as document:
        walk(document.Root.StructTreeRoot)
    return found


def header_has(pdf: bytes, colour: tuple[int, int, int], tmp_path: Path) -> bool:
    """True when the top fifth of page 1, printed at 50 dpi, shows this colour."""
    prefix = tmp_path / "page-one"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-singlefile", "-", str(prefix)],
        input=pdf,
        check=True,
    )
    image = Image.open(prefix.with_suffix(".png")).convert("RGB")
    top = image.crop((0, 0, image.width, image.height // 5))
    colours = top.getcolors(top.width * top.height)
    return any(all(abs(a - b) <= 12 for a, b in zip(c, colour, strict=True)) for _, c in colours)


def test_handouts_show_the_logo_after_upload_and_a_new_one_after_another(
    app, client, handout_article, upload_logo, tmp_path
):
    url = f"/shelf/{handout_article.slug}/handout.pdf"
    before = client.get(url).data
    assert page_one_images(before) == 0 and not header_has(before, PLUM, tmp_path)

    upload_logo(logo_png(PLUM))
    plum = client.get(url).data
    assert page_one_images(plum) == 1 and header_has(plum, PLUM, tmp_path)
    assert figure_alts(plum)[0] == "Our practice"

    upload_logo(logo_png(GREEN))
    green = client.get(url).data
    assert header_has(green, GREEN, tmp_path) and not header_has(green, PLUM, tmp_path)
    assert len(list(Path(app.config["HANDOUT_CACHE_DIR"]).glob("*.pdf"))) == 3


def test_a_packet_shows_the_logo_once_on_its_cover(app, make_article, upload_logo):
    upload_logo(logo_png(PLUM))
    g.pop("practice", None)  # the upload ran in its own request; read the practice afresh
    slugs = [make_article("First read").slug, make_article("Second read").slug]
    pdf, _ = service.render_handout(slugs, service.Options(packet_title="Week one"))
    assert page_one_images(pdf) == 1
    assert figure_alts(pdf).count("Our practice") == 1


def test_the_intake_summary_pdf_shows_the_logo(client, upload_logo, make_intake):
    upload_logo(logo_png(PLUM))
    intake = make_intake()
    pdf = client.get(f"/clinician/intakes/{intake.id}.pdf").data
    assert page_one_images(pdf) == 1
