"""Handout routes: the public generic handout PDF, and the staff handout builder."""

from __future__ import annotations

import logging
from dataclasses import asdict

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from portal.db import db
from portal.errors import render_error
from portal.handouts import builder as builder_state
from portal.handouts import engine, packets, prerender, service
from portal.handouts.forms import BuilderForm, DeletePacketForm
from portal.inputs import int_arg, text_values
from portal.models import Article
from portal.security.access import guard_staff, public

public_bp = Blueprint("handout_files", __name__)
bp = Blueprint("handouts", __name__, url_prefix="/clinician/handouts")
guard_staff(bp)
public_bp.add_app_template_global(engine.in_language, "in_language")
log = logging.getLogger("portal.handouts")
COULD_NOT_PRINT = (
    "Sorry, we could not make the PDF",
    "The article itself is still available to read online. Please try printing again later.",
)
BUSY = (
    "We are busy making other PDFs",
    "Please try again in a moment. The article itself is still available to read online.",
)
BUSY_RETRY_AFTER = 5


@public_bp.record_once
def _warm_on_start(state) -> None:
    """Warm the PDF engine at start-up (HANDOUT_WARM) and pre-render handouts on publish."""
    app = state.app
    if app.config.get("HANDOUT_WARM") and not app.config.get("TESTING"):
        engine.enable_warm_up(app)
    prerender.listen()


@public_bp.get("/shelf/<slug>/handout.pdf")
@public
def article_pdf(slug: str):
    """The generic (not personalised) handout of a published article, cached by content."""
    article = db.session.scalar(select(Article).where(Article.slug == slug))
    if article is None or article.status != "published":
        abort(404)
    try:
        pdf, filename = service.render_handout([slug], service.Options())
    except engine.RenderBusy:
        return pdf_busy(article.id)
    except engine.RenderError as exc:
        return pdf_failed(exc, article.id)
    return pdf_response(pdf, filename, private=False)


def pdf_failed(error: Exception, article_id: int | None = None):
    """Log the failure (ids and reason only) and show the friendly page."""
    log.warning("handout render failed article_id=%s reason=%s", article_id, error)
    return render_error(503, *COULD_NOT_PRINT)


def pdf_busy(article_id: int | None = None):
    """Every render slot is taken: ask the person to try again shortly (Retry-After)."""
    log.info("handout render busy article_id=%s", article_id)
    page, status = render_error(503, *BUSY)
    return page, status, {"Retry-After": str(BUSY_RETRY_AFTER)}


def pdf_response(pdf: bytes, filename: str, *, private: bool) -> Response:
    """PDF bytes as an inline download; personal PDFs are marked no-store."""
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response.private = True
        response.headers["Cache-Control"] = "no-store"
    else:
        max_age = current_app.config.get("HANDOUT_PUBLIC_MAX_AGE", 300)
        response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


@bp.route("", methods=["GET", "POST"])
def builder():
    """Search and pick articles, order them, choose options, then preview, download or save."""
    form = BuilderForm()
    chosen = text_values("chosen")
    if request.method == "GET":
        chosen = _load_packet(form, int_arg("packet"))
    problems = []
    if request.method == "POST" and form.validate():
        action = request.form.get("action", "search")
        chosen = builder_state.apply_action(chosen, action, text_values("add"))
        if action in ("preview", "download", "save") and not chosen:
            problems.append(("results", "Choose at least one article to print"))
        elif action in ("preview", "download", "save"):
            return _finish(action, form, chosen)
    return _builder_page(form, chosen, problems)


def _builder_page(form, chosen: list[str], problems: list, status: int = 200):
    """The builder with what was chosen, what the search found and the saved packets."""
    return (
        render_template(
            "handouts/builder.html",
            form=form,
            chosen=builder_state.published_titles(chosen),
            results=builder_state.find_articles(form.q.data or ""),
            packets=packets.list_packets(),
            problems=problems,
            delete_form=DeletePacketForm(),
        ),
        status,
    )


def _finish(action: str, form, chosen: list[str]):
    """Preview, download or save the chosen articles with the form's options."""
    options = builder_state.options_from(form.data, current_user.display_name or "")
    if action == "save":
        return _save(form, chosen, options)
    try:
        if action == "preview":
            return service.preview_html(chosen, options, {"form": form, "chosen": chosen})
        pdf, filename = service.render_handout(chosen, options, actor_id=current_user.id)
    except service.HandoutError as exc:
        return _builder_page(form, chosen, [("results", str(exc))], 400)
    except engine.RenderBusy:
        response = _builder_page(form, chosen, [("results", " ".join(BUSY))], 503)
        return (*response, {"Retry-After": str(BUSY_RETRY_AFTER)})
    except engine.RenderError as exc:
        log.warning("builder render failed articles=%s reason=%s", len(chosen), exc)
        return _builder_page(form, chosen, [("results", " ".join(COULD_NOT_PRINT))], 503)
    db.session.commit()
    return pdf_response(pdf, filename, private=True)


def _save(form, chosen: list[str], options: service.Options):
    """Save the choice as a named packet and come back to it."""
    try:
        packet = packets.save_packet(
            form.packet_name.data or "", chosen, asdict(options), current_user.id
        )
    except packets.PacketError as exc:
        return _builder_page(form, chosen, [("packet_name", str(exc))], 400)
    db.session.commit()
    flash(f"Saved the packet \u201c{packet.name}\u201d.")
    return redirect(url_for("handouts.builder", packet=packet.id))


def _load_packet(form, packet_id: int | None) -> list[str]:
    """Fill the builder from a saved packet (GET ?packet=<id>)."""
    packet = packets.get_packet(packet_id) if packet_id else None
    if packet is None:
        return []
    for name, value in (packet.options or {}).items():
        if name in form:
            form[name].data = value
    form.packet_name.data = packet.name
    return list(packet.slugs or [])


@bp.post("/packets/<int:packet_id>/delete")
def delete_packet(packet_id: int):
    """Delete a saved packet (the articles stay on the shelf)."""
    packet = packets.get_packet(packet_id)
    if packet is None:
        abort(404)
    if not DeletePacketForm().validate():
        abort(400)
    name = packet.name
    packets.delete_packet(packet, current_user.id)
    db.session.commit()
    flash(f"Deleted the packet \u201c{name}\u201d.")
    return redirect(url_for("handouts.builder"))
