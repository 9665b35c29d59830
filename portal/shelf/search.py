"""Full-text search over articles behind one interface: SQLite FTS5 (bm25) or PostgreSQL tsvector.

Query text is never handed to the search engine as syntax: it is split into plain words here and
each word is quoted (FTS5) or passed through plainto_tsquery (PostgreSQL), so quotes, `*`, `NEAR`,
`-`, brackets and NUL bytes can only ever mean "these words".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from sqlalchemy import bindparam, case, func, select, text
from sqlalchemy.orm import selectinload

from portal.db import db, is_postgres
from portal.models import Article, Topic
from portal.models.shelf import ARTICLE_STATUSES
from portal.shelf.markdown import plain_text

MAX_QUERY_CHARS = 500
MAX_TERMS = 12
MAX_TERM_CHARS = 40
OPEN, CLOSE = "\x02", "\x03"  # snippet markers: never in indexed text, escaped-safe
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
STOPWORD_TEXT = """a an and are as at be but by do for from how i if in into is it its me my of on
or so that the their then there these they this to was we were what when where which who why will
with you your"""
STOPWORDS = frozenset(STOPWORD_TEXT.split())


@dataclass
class SearchHit:
    """One result: the article and a short escaped excerpt with the matched words marked."""

    article: Article
    snippet: Markup


@dataclass
class SearchPage:
    """One page of results and where it sits in the whole list."""

    items: list[SearchHit]
    total: int
    page: int
    per_page: int
    terms: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """Number of pages (at least one, so "page 1 of 1" reads naturally when empty)."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        """Whether a previous page exists."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """Whether a next page exists."""
        return self.page < self.pages


def query_terms(query: str) -> list[str]:
    """Plain lower-case words from any text; stopwords dropped unless nothing else is left."""
    sample = (query or "")[:MAX_QUERY_CHARS].replace("\x00", " ")
    words = [w.lower() for w in WORD_RE.findall(sample) if len(w) <= MAX_TERM_CHARS]
    unique = list(dict.fromkeys(words))
    content = [w for w in unique if w not in STOPWORDS]
    return (content or unique)[:MAX_TERMS]


def search_articles(
    query: str = "",
    *,
    topic: str | None = None,
    page: int = 1,
    per_page: int = 20,
    statuses: Sequence[str] = ("published",),
    language: str | None = None,
) -> SearchPage:
    """Ranked matches for the query (title above body); an empty query lists the shelf.

    `language` keeps only articles written in it (a base code such as "es").
    """
    page, per_page = max(1, int(page)), max(1, min(int(per_page), 100))
    terms = query_terms(query)
    if not terms:
        return _listing(topic, page, per_page, statuses, language)
    total, ids, snippets = _ranked(terms, topic, page, per_page, tuple(statuses), language)
    query = select(Article).where(Article.id.in_(ids)).options(selectinload(Article.topics))
    articles = {a.id: a for a in db.session.scalars(query)}
    items = [
        SearchHit(articles[i], _marked(snippets.get(i)) or escape(articles[i].summary))
        for i in ids
        if i in articles
    ]
    return SearchPage(items, total, page, per_page, terms)


def _listing(
    topic: str | None, page: int, per_page: int, statuses: Sequence[str], language: str | None
) -> SearchPage:
    """Featured first (in the curator's order), then newest; summaries as snippets."""
    where = [Article.status.in_(tuple(statuses))]
    if topic:
        where.append(Article.topics.any(Topic.slug == topic))
    if language:
        where.append(Article.language == language)
    total = db.session.scalar(select(func.count(Article.id)).where(*where)) or 0
    order = (
        Article.is_featured.desc(),
        case((Article.is_featured.is_(True), Article.position), else_=0),
        func.coalesce(Article.published_at, Article.created_at).desc(),
        Article.id.desc(),
    )
    query = select(Article).where(*where).order_by(*order).options(selectinload(Article.topics))
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page))
    items = [SearchHit(a, escape(a.summary)) for a in rows]
    return SearchPage(items, total, page, per_page, [])


def _marked(snippet: str | None) -> Markup | None:
    """Escape an engine excerpt, then turn its private markers into <mark> elements."""
    if not snippet or OPEN not in snippet:
        return None
    escaped = str(escape(snippet))
    return Markup(escaped.replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))  # noqa: S704


TOPIC_FILTER = (
    " AND s.article_id IN (SELECT at.article_id FROM article_topic at "
    "JOIN topic t ON t.id = at.topic_id WHERE t.slug = :topic)"
)
# The language is a column of article only: a set of ids checked after the MATCH, never a join.
LANGUAGE_FILTER = " AND {id} IN (SELECT id FROM article WHERE language = :language)"
# SQLite: status and topic ids are columns of the FTS5 row, so the whole filter is one MATCH
# (a join to article made count(*) on a common word 20x slower: the planner looped articles).
SQLITE_COUNT = "SELECT count(*) FROM article_search WHERE article_search MATCH :match{language}"
SQLITE_IDS = (
    "SELECT rowid FROM article_search WHERE article_search MATCH :match{language} ORDER BY "
    "rowid IN (SELECT rowid FROM article_search WHERE article_search MATCH :title_match) DESC, "
    "bm25(article_search, 10.0, 4.0, 1.0, 0.0, 0.0), rowid "  # title, summary, body weights
    "LIMIT :limit OFFSET :offset"
)
# PostgreSQL: the status is a column of the search row too, so no join to article is needed
# (that join was half the time of a search matching thousands of articles).
POSTGRES_WHERE = (
    "FROM article_search s, plainto_tsquery('english', :words) q "
    "WHERE s.document @@ q AND s.status IN :statuses"
)
# Rank with the words ORed: ts_rank on an AND query compares every pair of positions, which
# is slow on long articles; the ORed form is linear and orders the same matches sensibly.
POSTGRES_ORDER = (
    "s.title_document @@ q DESC, ts_rank(s.document, replace(q::text, '&', '|')::tsquery) DESC, "
    "s.article_id"
)


def _sql(statement: str):
    """A text statement whose status list (PostgreSQL) expands into IN (…)."""
    statement_text = text(statement)
    if ":statuses" in statement:
        statement_text = statement_text.bindparams(bindparam("statuses", expanding=True))
    return statement_text


def _statements(
    topic: str | None, prefix: str = "", language: str | None = None
) -> tuple[str, str]:
    """The count and ranked-ids SQL for this database (FTS5 or tsvector)."""
    if not is_postgres():
        kept = LANGUAGE_FILTER.format(id="rowid") if language else ""
        return SQLITE_COUNT.format(language=kept), prefix + SQLITE_IDS.format(language=kept)
    where = POSTGRES_WHERE + (TOPIC_FILTER if topic else "")
    where += LANGUAGE_FILTER.format(id="s.article_id") if language else ""
    count = f"SELECT count(*) {where}"
    ids = (
        f"{prefix}SELECT s.article_id {where} ORDER BY {POSTGRES_ORDER} LIMIT :limit OFFSET :offset"
    )
    return count, ids


def _topic_token(topic: str | None) -> str | None:
    """The FTS5 token for a topic slug ("t" + id), "t0" (matches nothing) when unknown."""
    if not topic:
        return None
    topic_id = db.session.scalar(select(Topic.id).where(Topic.slug == topic))
    return f"t{topic_id or 0}"


def _engine_params(terms: list[str], topic: str | None, statuses: Sequence[str]) -> dict:
    """Plain words for plainto_tsquery; or one FTS5 expression: words, statuses, topic."""
    if is_postgres():
        return {"words": " ".join(terms), "statuses": tuple(statuses), "topic": topic}
    words = " ".join(f'"{t}"' for t in terms)
    allowed = [s for s in statuses if s in ARTICLE_STATUSES] or ["none"]
    match = f"{{title summary body}} : ({words}) AND status : ({' OR '.join(allowed)})"
    token = _topic_token(topic)
    if token:
        match += f' AND topics : "{token}"'
    return {"match": match, "title_match": f"title : ({words})"}


def _ranked(
    terms, topic, page, per_page, statuses, language=None
) -> tuple[int, list[int], dict[int, str]]:
    """Total matches, this page's ids best first (title matches first), and their excerpts."""
    count_sql, ids_sql = _statements(topic, language=language)
    params = {**_engine_params(terms, topic, statuses), "language": language}
    _prefer_index()
    total = db.session.execute(_sql(count_sql), params).scalar_one()
    page_params = {**params, "limit": per_page, "offset": (page - 1) * per_page}
    ids = list(db.session.execute(_sql(ids_sql), page_params).scalars())
    snippets = _postgres_snippets(params, ids) if is_postgres() else _sqlite_snippets(params, ids)
    return total, ids, snippets


def _prefer_index() -> None:
    """Price random reads as SSD/cache reads for this transaction, so the GIN index is used.

    At the default (4.0) PostgreSQL scanned every search row for a word in a fifth of the
    articles: twice as slow as the bitmap index scan it now picks. A word in nearly every
    article still gets the sequential scan, which is then the faster plan. (SQLite: nothing.)
    """
    if is_postgres():
        db.session.execute(text("SET LOCAL random_page_cost = 1.1"))


def explain(query: str, topic: str | None = None) -> list[str]:
    """The database's plan for one search, to check that the full-text index is used."""
    prefix = "EXPLAIN " if is_postgres() else "EXPLAIN QUERY PLAN "
    _prefer_index()
    _, ids_sql = _statements(topic, prefix)
    params = _engine_params(query_terms(query), topic, ("published",))
    rows = db.session.execute(_sql(ids_sql), {**params, "limit": 20, "offset": 0}).all()
    return [str(row[-1]) for row in rows]


def _sqlite_snippets(params: dict, ids: list[int]) -> dict[int, str]:
    """Body excerpts around the matched words, only for the articles on this page."""
    if not ids:
        return {}
    sql = text(
        "SELECT rowid, snippet(article_search, 2, :open, :close, '…', 28) FROM article_search "
        "WHERE article_search MATCH :match AND rowid IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    values = {"match": params["match"], "ids": ids, "open": OPEN, "close": CLOSE}
    return dict(db.session.execute(sql, values).all())


def _postgres_snippets(params: dict, ids: list[int]) -> dict[int, str]:
    """ts_headline excerpts, computed only for the articles on this page."""
    if not ids:
        return {}
    options = f"StartSel={OPEN}, StopSel={CLOSE}, MaxWords=40, MinWords=20, MaxFragments=1"
    sql = text(
        "SELECT s.article_id, ts_headline('english', s.body, q, :options) "
        "FROM article_search s, plainto_tsquery('english', :words) q "
        "WHERE s.article_id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    values = {"words": params["words"], "ids": ids, "options": options}
    return dict(db.session.execute(sql, values).all())


def _index_text(value: str | None) -> str:
    """Text safe to index: no NUL bytes (PostgreSQL refuses them) and no snippet markers."""
    return (value or "").replace("\x00", " ").replace(OPEN, " ").replace(CLOSE, " ")


def index_article(article: Article) -> None:
    """Put the article's current title, summary and body text into the search index."""
    values = {
        "id": article.id,
        "title": _index_text(article.title),
        "summary": _index_text(article.summary),
        "body": _index_text(plain_text(article.body_html)),
        "status": article.status,
        "topics": " ".join(f"t{topic.id}" for topic in article.topics),
    }
    if is_postgres():
        db.session.execute(
            text(
                "INSERT INTO article_search (article_id, status, body, document, title_document) "
                "VALUES (:id, :status, :body, "
                "setweight(to_tsvector('english', :title), 'A') || "
                "setweight(to_tsvector('english', :summary), 'B') || "
                "setweight(to_tsvector('english', :body), 'D'), "
                "to_tsvector('english', :title)) "
                "ON CONFLICT (article_id) DO UPDATE SET status = excluded.status, "
                "body = excluded.body, "
                "document = excluded.document, title_document = excluded.title_document"
            ),
            values,
        )
        return
    remove_article(article.id)
    db.session.execute(
        text(
            "INSERT INTO article_search (rowid, title, summary, body, status, topics) "
            "VALUES (:id, :title, :summary, :body, :status, :topics)"
        ),
        values,
    )


def remove_article(article_id: int) -> None:
    """Take an article out of the search index (before it is deleted)."""
    column = "article_id" if is_postgres() else "rowid"
    db.session.execute(
        text(f"DELETE FROM article_search WHERE {column} = :id"),  # noqa: S608
        {"id": article_id},
    )


def reindex_all() -> int:
    """Rebuild the whole index from the articles (after a restore or a bulk change)."""
    db.session.execute(text("DELETE FROM article_search"))
    count = 0
    for article in db.session.scalars(select(Article).execution_options(yield_per=500)):
        index_article(article)
        count += 1
    return count
