"""Handout contexts of plain values (never ORM objects) and the calls into the engine."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache

import segno
from flask import current_app
from flask_babel import force_locale
from flask_babel import format_date as babel_date
from flask_babel import gettext as _
from sqlalchemy import select

from portal.db import db
from portal.handouts import engine
from portal.models import Article
from portal.practice import get_practice, help_lines
from portal.practice_logo import current_logo
from portal.practice_time import local_today
from portal.security import audit

PAPERS = ("letter", "a4")
HANDOUT_TEMPLATE = "handouts/print/handout.html"
PACKET_TEMPLATE = "handouts/print/packet.html"
PREVIEW_TEMPLATE = "handouts/preview.html"


class HandoutError(ValueError):
    """A handout was asked for something that does not exist or is not published."""


@dataclass
class Options:
    """Print options a person chooses; personal fields make the PDF uncacheable."""

    paper: str = ""
    large_print: bool = False
    client_name: str = ""
    note: str = ""
    show_for_line: bool = False
    notes_page: bool = False
    fillable: bool = False
    packet_title: str = ""
    clinician: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def is_personal(self) -> bool:
        """A client name or a note means the PDF is about one person: never stored."""
        return bool(self.client_name.strip() or self.note.strip())


def practice_values(lang: str = "en") -> dict:
    """The practice's name, contact, urgent-help line (in `lang`) and logo, as plain strings.

    The logo travels twice: its hash (part of the handout cache key, so a new logo is a new
    PDF) and a data: URI for the page, which the cache key leaves out (see engine._cache_path).
    """
    practice = get_practice()
    logo = current_logo()
    with force_locale(lang):
        help_line = urgent_line(help_lines(practice, lang))
    return {
        "name": practice.name,
        "phone": practice.phone or "",
        "email": practice.email or "",
        "paper": practice.paper if practice.paper in PAPERS else "letter",
        "urgent_line": help_line,
        "logo_sha256": logo.sha256 if logo else "",
        "logo_data_uri": logo.data_uri if logo else "",
    }


def urgent_line(entries: list[dict]) -> str:
    """'Not an emergency service. In danger now: call 911. …' from the first two numbers."""
    if not entries:
        return _("Not an emergency service. If you are in danger now, call your emergency number.")
    parts = [f"{e.get('label', '')}: {e.get('number', '')}" for e in entries[:2]]
    return _(
        "Not an emergency service. If you need help now: %(numbers)s.", numbers=" · ".join(parts)
    )


def public_url(slug: str) -> str:
    """The online article's address under PUBLIC_BASE_URL (what the QR code opens)."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}/shelf/{slug}"


def short_url(url: str) -> str:
    """The address as printed: without the scheme, so it is quick to type."""
    return url.split("://", 1)[-1]


@lru_cache(maxsize=512)
def qr_data_uri(url: str) -> str:
    """A vector (SVG) QR code as a data: URI, the only kind the fetcher lets through.

    Kept per address: encoding one costs about 10 ms, most of a cached print's server time.
    """
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def source_line(article: Article) -> str:
    """Where the article came from: its source name (and address) or its author."""
    if article.source_name:
        return article.source_name + (f", {article.source_url}" if article.source_url else "")
    if article.author:
        return f"{article.author}, {short_url(public_url(article.slug))}"
    return short_url(public_url(article.slug))


def article_values(article: Article) -> dict:
    """One article as plain values for the print template."""
    url = public_url(article.slug)
    return {
        "slug": article.slug,
        "title": article.title,
        "author": (article.author or "").strip(),
        "summary": article.summary or "",
        "summary_from_body": bool(article.is_summary_from_body),  # printed once, in the body
        "body_html": article.body_html or "",
        "prompts": [str(p) for p in (article.prompts or []) if str(p).strip()],
        "source_line": source_line(article),
        "url": url,
        "short_url": short_url(url),
        "qr_data_uri": qr_data_uri(url),
        "revision": article.revision,
        "lang": article.language or "en",
    }


def published_articles(slugs: list[str]) -> list[Article]:
    """The published articles for these slugs, in the order given; HandoutError if any is not."""
    found = db.session.scalars(
        select(Article).where(Article.slug.in_(slugs), Article.status == "published")
    )
    by_slug = {a.slug: a for a in found}
    missing = [s for s in slugs if s not in by_slug]
    if missing:
        raise HandoutError(f"no published article called {', '.join(missing)}")
    return [by_slug[s] for s in dict.fromkeys(slugs)]


def handout_language(articles: list[Article]) -> str:
    """The language a handout's own words are printed in: its article's; for a packet, the
    one most of its articles are written in (the earliest of those tied)."""
    counts = Counter(article.language or "en" for article in articles)
    return counts.most_common(1)[0][0] if counts else "en"


def build_context(articles: list[Article], options: Options) -> dict:
    """Everything the print templates need, as plain values (words in the handout's language)."""
    lang = handout_language(articles)
    practice = practice_values(lang)
    paper = options.paper if options.paper in PAPERS else practice["paper"]
    items = [article_values(a) for a in articles]
    with force_locale(lang):
        given_on = format_day(local_today())
        packet_title = options.packet_title.strip() or _("Your reading packet")
    return {
        "lang": lang,
        "practice": practice,
        "paper": paper,
        "large_print": options.large_print,
        "client_name": options.client_name.strip(),
        "note": options.note.strip(),
        "show_for_line": options.show_for_line or bool(options.client_name.strip()),
        "notes_page": options.notes_page,
        "fillable": options.fillable,
        "clinician": options.clinician,
        "given_on": given_on,
        "packet_title": packet_title,
        "items": items,
        "item": items[0] if items else None,
    }


def format_day(day: date) -> str:
    """'25 November 2026', '25 de noviembre de 2026': the day as this locale writes it."""
    return babel_date(day, _("d MMMM y"))


def cache_key(context: dict, options: Options) -> str | None:
    """A hash of the printed content, options and day; None when the handout is personal."""
    if options.is_personal:
        return None
    content = [{k: v for k, v in item.items() if k != "qr_data_uri"} for item in context["items"]]
    visible = {k: v for k, v in asdict(options).items() if k not in ("client_name", "note")}
    visible["paper"] = context["paper"]  # "" (the practice's paper) and its name are one PDF
    raw = json.dumps([content, visible, context["given_on"]], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def render_handout(
    slugs: list[str], options: Options, actor_id: int | None = None
) -> tuple[bytes, str]:
    """A handout (one slug) or packet (several) as PDF bytes and a download file name."""
    articles = published_articles(slugs)
    if not articles:
        raise HandoutError("choose at least one published article")
    pdf = engine.render_pdf(**render_job(articles, options))
    if options.is_personal:
        _audit_personal(articles, actor_id)
    return pdf, _file_name(articles)


def render_job(articles: list[Article], options: Options) -> dict:
    """engine.render_pdf's arguments for these articles: plain values, no database needed."""
    context = build_context(articles, options)
    template, title, subject = _document_names(context, articles)
    return {
        "template_name": template,
        "context": context,
        "title": title,
        "author": document_author(context),
        "subject": subject,
        "lang": context["lang"],
        "cache_key": cache_key(context, options),
    }


def document_author(context: dict) -> str:
    """The PDF's Author: the articles' authors (who wrote it), else the practice."""
    authors = dict.fromkeys(item["author"] for item in context["items"] if item["author"])
    return "; ".join(authors) or context["practice"]["name"]


def _document_names(context: dict, articles: list[Article]) -> tuple[str, str, str]:
    """Template, PDF title and subject for a single handout or a packet."""
    if len(articles) == 1:
        item = context["items"][0]
        return HANDOUT_TEMPLATE, item["title"], item["summary"] or item["title"]
    titles = "; ".join(a.title for a in articles)
    with force_locale(context["lang"]):
        subject = _("Handout packet: %(titles)s", titles=titles)
    return PACKET_TEMPLATE, context["packet_title"], subject


def _file_name(articles: list[Article]) -> str:
    """'<slug>.pdf' or 'packet-<n>-articles.pdf' (never a client's name)."""
    if len(articles) == 1:
        return f"{articles[0].slug}.pdf"
    return f"packet-{len(articles)}-articles.pdf"


def _audit_personal(articles: list[Article], actor_id: int | None) -> None:
    """Record that a personalised handout was printed: ids only, never the name or note."""
    audit.record(
        "handout.print_personal",
        actor_id,
        "article",
        articles[0].id,
        detail={"article_ids": [a.id for a in articles]},
    )


def preview_html(slugs: list[str], options: Options, controls: dict | None = None) -> str:
    """The same print layout as HTML for the browser preview, with screen-only controls."""
    articles = published_articles(slugs)
    if not articles:
        raise HandoutError("choose at least one published article")
    context = build_context(articles, options)
    template, title, subject = _document_names(context, articles)
    context = {**context, **(controls or {}), "print_template": template}
    return engine.render_html(
        PREVIEW_TEMPLATE, context, title=title, subject=subject, lang=context["lang"], preview=True
    )
