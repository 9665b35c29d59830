"""Escaping stays on: only sanitised article HTML may bypass Jinja's autoescape."""

from __future__ import annotations

import re

from portal.config import ROOT

# Values produced by portal.shelf.markdown.render (markdown-it with html=False, then nh3).
SANITISED = {"article.body_html", "item.body_html", "preview", "item.preview"}
# Python modules allowed to build Markup: search snippets escape everything except <mark>;
# i18n.practice_list escapes each of the practice's words before marking its language
# (test_i18n's areas test posts markup and finds it escaped).
MARKUP_MODULES = {"portal/shelf/search.py", "portal/i18n.py"}
SAFE_FILTER = re.compile(r"\{\{\s*([\w.]+)\s*\|\s*safe\s*\}\}")


def test_templates_are_html_so_autoescape_applies():
    odd = [p for p in (ROOT / "templates").rglob("*") if p.is_file() and p.suffix != ".html"]
    assert odd == []


def test_safe_filter_only_on_sanitised_article_html():
    misuse = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        if "autoescape false" in text:
            misuse.append(f"{path.name}: autoescape false")
        for lineno, line in enumerate(text.splitlines(), 1):
            if "safe" not in line:
                continue
            for match in re.finditer(r"\|\s*safe\b", line):
                named = SAFE_FILTER.search(line[: match.end() + 3])
                if not named or named.group(1) not in SANITISED:
                    misuse.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}")
    assert misuse == []


def test_markup_is_built_only_where_its_input_is_escaped():
    builders = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "portal").rglob("*.py")
        if re.search(r"\bMarkup\(", path.read_text())
    }
    assert builders <= MARKUP_MODULES
