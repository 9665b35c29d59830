"""Public shelf pages: browse, filter by topic, search, and read one article."""

from flask import Blueprint, abort, current_app, render_template, request

from portal.i18n import current
from portal.inputs import parse_int, text_arg
from portal.security.access import public
from portal.shelf import queries
from portal.shelf.markdown import plain_text
from portal.shelf.search import search_articles

bp = Blueprint("shelf", __name__, url_prefix="/shelf")
HANDOUT_ENDPOINT = "handout_files.article_pdf"
PER_PAGE = 12
MAX_PAGE = 10_000


def _page_number(raw: str | None) -> int:
    """A page number from the query string; anything odd means the first page."""
    return parse_int(raw, 1, MAX_PAGE)


@bp.get("/")
@public
def index():
    """Featured and newest articles, a topic filter, and ranked search with highlighted excerpts."""
    query = text_arg("q", 200)
    topic_slug = text_arg("topic", 80) or None
    in_use = queries.languages_in_use()
    language = _language_asked(in_use)
    page = _page_number(request.args.get("page"))
    results = search_articles(
        query, topic=topic_slug, page=page, per_page=PER_PAGE, language=language
    )
    return render_template(
        "shelf/index.html",
        results=results,
        query=query,
        topic=queries.topic_by_slug(topic_slug) if topic_slug else None,
        topic_slug=topic_slug,
        topics=queries.topics_in_use(),
        language=language,
        article_languages=in_use if len(in_use) > 1 else [],
    )


def _language_asked(in_use: list[tuple[str, int]]) -> str | None:
    """The `?language=` filter when published articles are written in it (else no filter)."""
    asked = text_arg("language", 8)
    return asked if asked in {code for code, _ in in_use} else None


@bp.app_template_global()
def lang_attr(code: str | None) -> dict:
    """{"lang": "es"} for words in another language than the page's (WCAG 3.1.2), else {}:
    written out by Jinja's escaping xmlattr filter, `<h3{{ lang_attr(code)|xmlattr }}>`."""
    return {"lang": code} if code and code != current() else {}


@bp.get("/<slug>")
@public
def article(slug: str):
    """One article; drafts are not found, archived ones say so and point to their replacement."""
    found = queries.public_article(slug) or abort(404)
    return render_template(
        "shelf/article.html",
        article=found,
        related=queries.related_articles(found) if found.status == "published" else [],
        has_handout=HANDOUT_ENDPOINT in current_app.view_functions,
        summary_in_body=_opens_with(found.body_html, found.summary),
    )


def _opens_with(body_html: str, summary: str) -> bool:
    """Whether the body already begins with the summary (then it is not shown twice)."""
    opening = " ".join(plain_text(body_html)[: len(summary) + 40].split())
    return bool(summary.strip()) and opening.startswith(" ".join(summary.split()))
