"""Substack exports: the zip with posts.csv and posts/<id>.html; subscriber lists never read."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

from portal.shelf.importer import MAX_FILE_BYTES, Batch, ImportProblem, ParsedArticle, SkippedItem
from portal.shelf.importer.convert import convert, lead, plain

MAX_UNPACKED = 4 * MAX_FILE_BYTES  # a zip that unpacks to more than this is refused
HELD = {"only_paid": "for paying subscribers only on Substack",
        "founding": "for founding members only on Substack",
        "only_free": "for subscribers only on Substack"}  # fmt: skip


def read(name: str, data: bytes) -> Batch:
    """Every post listed in posts.csv, as an article or a skipped item with its reason."""
    archive = _archive(name, data)
    batch = Batch(name)
    for row in _rows(name, archive):
        post_id = (row.get("post_id") or "").strip()
        label = plain(row.get("title") or "") or post_id or "Untitled post"
        skipped = _skipped(row, label)
        if skipped:
            batch.skipped.append(skipped)
            continue
        html = _member(archive, f"posts/{post_id}.html")
        if html is None:
            batch.skipped.append(SkippedItem(label, f"posts/{post_id}.html is not in the zip"))
            continue
        batch.articles.append(_article(row, post_id, html))
    return batch


def _archive(name: str, data: bytes) -> zipfile.ZipFile:
    """The zip, refused when it is not one, is not Substack's or unpacks too large."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportProblem(f"{name}: this is not a readable zip file; download it again") from None
    names = set(archive.namelist())
    if "posts.csv" not in names:
        raise ImportProblem(
            f"{name}: this zip has no posts.csv, so it is not a Substack export; use the zip "
            "from Substack's Settings → Exports"
        )
    if sum(i.file_size for i in archive.infolist() if _wanted(i.filename)) > MAX_UNPACKED:
        raise ImportProblem(f"{name}: the posts in this zip are too large to import at once")
    return archive


def _wanted(filename: str) -> bool:
    """Only the post list and the posts' HTML are read (never subscriber or open lists)."""
    return filename == "posts.csv" or (filename.startswith("posts/") and filename.endswith(".html"))


def _member(archive: zipfile.ZipFile, filename: str) -> str | None:
    """One file of the zip as text, or None when it is missing."""
    try:
        with archive.open(filename) as handle:
            return handle.read(MAX_UNPACKED).decode("utf-8-sig", errors="replace")
    except KeyError:
        return None


def _rows(name: str, archive: zipfile.ZipFile) -> list[dict]:
    """posts.csv as dicts."""
    text = _member(archive, "posts.csv") or ""
    rows = list(csv.DictReader(io.StringIO(text)))
    if rows and "post_id" not in rows[0]:
        raise ImportProblem(f"{name}: posts.csv has no post_id column; export it again")
    return rows


def _skipped(row: dict, label: str) -> SkippedItem | None:
    """Unpublished posts, pages and threads are skipped and counted."""
    if (row.get("is_published") or "").strip().lower() != "true":
        return SkippedItem(label, "a draft on Substack", "draft")
    kind = (row.get("type") or "newsletter").strip().lower()
    if kind == "page":
        return SkippedItem(label, "a page on Substack, not a post", "page")
    if kind not in ("newsletter", "podcast"):
        return SkippedItem(label, f"a Substack {kind}, not a post")
    return None


def _article(row: dict, post_id: str, html: str) -> ParsedArticle:
    """One published post: its HTML without Substack's buttons, the subtitle as summary."""
    number, _, slug = post_id.partition(".")
    article = ParsedArticle(
        title=plain(row.get("title") or "") or "Untitled post",
        body_md="",
        slug=slug,
        source_id=f"substack:{number}",
        published_at=_when(row.get("post_date")),
    )
    convert(html).into(article)
    lead(article, row.get("subtitle") or "")
    audience = (row.get("audience") or "everyone").strip()
    if audience != "everyone":  # any narrower audience is not public
        article.hold_reason = "it is " + HELD.get(audience, f"for “{audience}” only on Substack")
    return article


def _when(value) -> datetime | None:
    """An ISO timestamp as naive UTC."""
    try:
        return datetime.fromisoformat(str(value or "").replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None
