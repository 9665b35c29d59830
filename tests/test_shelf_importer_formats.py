"""What a reader sees on the public page after importing each format of the original corpus.

Every sample in tests/corpus was written for these tests. Each test imports one file with
--publish (as the command line does) and reads the article page as a visitor would: the
paragraphs in order, the headings, list items, table cells and captions, and no furniture,
shortcodes or drafts.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.db import db
from portal.models import Article
from portal.shelf.importer import report
from portal.shelf.importer.save import import_file

CORPUS = Path(__file__).parent / "corpus"
BLOCKS = ("p", "h2", "h3", "h4", "li", "blockquote", "table", "pre")


def corpus_bytes(name: str) -> bytes:
    """A corpus file's bytes; a folder is zipped as its platform would send it."""
    path = CORPUS / name
    if not path.is_dir():
        return path.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in sorted(path.rglob("*")):
            if member.is_file():
                archive.write(member, member.relative_to(path).as_posix())
    return buffer.getvalue()


def imported(name: str, publish: bool = True):
    """Import one corpus file (publishing, unless told not to) and commit."""
    upload = f"{name}.zip" if (CORPUS / name).is_dir() else name
    result = import_file(upload, corpus_bytes(name), publish, [], None)
    db.session.commit()
    assert not result.error, result.error
    return result


def reader(client, slug: str) -> dict:
    """The public article page as a reader sees it: title, lead and body blocks in order."""
    response = client.get(f"/shelf/{slug}")
    assert response.status_code == 200, slug
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    body = page.select_one(".shelf-body")
    blocks = []
    for tag in body.find_all(BLOCKS):
        if tag.find_parent(["li", "blockquote", "table"]) is not None:
            continue  # a list item's or quote's own paragraphs are read with it
        blocks.append((tag.name, " ".join(tag.get_text().split())))
    lead = page.select_one(".shelf-article .lead")
    return {
        "title": page.find("h1").get_text(strip=True),
        "page_title": page.title.get_text(strip=True),
        "lead": lead.get_text(" ", strip=True) if lead else "",
        "blocks": blocks,
        "cells": [c.get_text(" ", strip=True) for c in body.find_all(["th", "td"])],
        "text": body.get_text(" ", strip=True),
    }


def statuses() -> dict[str, str]:
    """Every article's slug and status."""
    return {a.slug: a.status for a in db.session.scalars(select(Article))}


def test_markdown_drops_comments_links_video_and_keeps_every_block(app, client):
    imported("markdown_comments_video.md")
    page = reader(client, "sleep-screens-the-quiet-hour")
    assert page["title"] == "Sleep, screens & the quiet hour"
    assert page["lead"] == "A gentle plan for the last hour before bed."
    assert page["blocks"] == [
        ("p", "The last hour of the day sets the tone for the night. Most of us spend it lit "
              "by a screen."),
        ("h2", "Why the quiet hour helps"),
        ("p", "Your body reads light as a sign that the day is still going. Dimming the room "
              "is a signal that it can rest."),
        ("p", "A short film about evening light"),
        ("h3", "Three small changes"),
        ("li", "Put the phone on charge outside the bedroom."),
        ("li", "Swap the ceiling light for a lamp."),
        ("li", "Write tomorrow's first task on paper."),
        ("h4", "A note on naps"),
        ("p", "Short naps before three in the afternoon rarely spoil the night."),
        ("p", "Some people find that 2 * 20 minutes of reading works better than one long "
              "stretch, and that _slowing down_ is a skill, not a trait."),
        ("table", "Evening Try this 9 pm Lamps on, screens down 10 pm Paper and pen"),
        ("p", "None of this has to be perfect. One change, kept for a week, is enough to "
              "notice a difference."),
    ]  # fmt: skip
    assert page["cells"] == ["Evening", "Try this", "9 pm", "Lamps on, screens down", "10 pm",
                             "Paper and pen"]  # fmt: skip
    assert "<!--" not in page["text"] and "draft note" not in page["text"]
    assert "<video" not in page["text"]


@pytest.mark.parametrize(
    "name, slug, reason",
    [
        ("jekyll_draft.md", "unfinished-thoughts-on-grief", "says draft: true"),
        ("hugo_draft.md", "winter-walking-a-draft", "says draft: true"),
        ("astro_published_false.md", "notes-for-a-workshop-that-has-not-happened-yet",
         "says published: false"),
        ("jekyll_published_false.html", "a-letter-i-have-not-sent", "says published: false"),
        ("jekyll_draft.html", "half-a-post-about-anger", "says draft: true"),
        ("hugo_scheduled.md", "a-post-for-next-spring",
         "dates it 2999-03-01, in the future (scheduled)"),
        ("hugo_expired.md", "an-offer-that-has-ended", "says it expired on 2001-06-30"),
        ("eleventy_status_draft.md", "a-half-planned-guide-to-sleep-diaries", "says status: draft"),
    ],
)  # fmt: skip
def test_front_matter_drafts_are_never_public(app, client, name, slug, reason):
    result = imported(name)
    assert statuses() == {slug: "draft"}
    assert client.get(f"/shelf/{slug}").status_code == 404
    words = db.session.scalar(select(Article.body_md)).split()[:3]
    listing = client.get("/shelf/?q=" + "+".join(words)).get_data(as_text=True)
    assert f"/shelf/{slug}" not in listing
    assert [s.held for s in result.saved] == [f"its front matter {reason}"]
    assert "1 kept as drafts because they are not public at the source" in report.summary([result])


def test_jekyll_html_front_matter_keeps_the_first_paragraph(app, client):
    imported("jekyll_page.html")
    page = reader(client, "when-the-body-keeps-the-score-of-a-busy-week")
    assert page["title"] == "When the body keeps the score of a busy week"
    assert page["lead"] == "Tension, tiredness & what they might be telling you."
    assert page["blocks"] == [
        ("p", "By Friday many people notice the week in their shoulders before they notice "
              "it in their thoughts."),
        ("h2", "Listening before fixing"),
        ("p", "Before you try to relax, spend a minute noticing where the tension sits. "
              "Naming it is often the first release."),
        ("li", "Sit with both feet on the floor."),
        ("li", "Notice your jaw, shoulders and hands."),
        ("li", "Let one of them soften a little."),
        ("h4", "A small print aside"),
        ("p", "If tension turns into pain that does not ease, talk to your doctor."),
    ]  # fmt: skip
    article = db.session.scalar(select(Article))
    assert sorted(t.name for t in article.topics) == ["body", "rest", "stress"]
    assert "{%" not in page["text"] and "share-buttons" not in page["text"]


def test_medium_export_without_repeated_title_subtitle_or_rule(app, client):
    imported("medium_export.html")
    page = reader(client, "saying-no-without-a-speech")
    assert page["title"] == "Saying no without a speech"
    assert page["lead"] == "A short refusal is kinder than a long apology"
    assert page["blocks"] == [
        ("p", "Many of us explain a refusal for so long that the other person ends up "
              "comforting us."),
        ("p", "A clear no can be warm and brief at the same time."),
        ("p", "Image: Two mugs on a windowsill. Room for two, and room to say no"),
        ("h3", "Try a three-part answer"),
        ("li", "Thank them for asking."),
        ("li", "Say no in one sentence."),
        ("li", "Offer something smaller, only if you mean it."),
        ("blockquote", "You do not owe anyone a reason you have not found yet."),
        ("p", "Practise on small requests first. The big ones get easier after that."),
    ]  # fmt: skip
    assert "Canonical link" not in page["text"] and "Exported from" not in page["text"]
    article = db.session.scalar(select(Article))
    assert article.author == "Morgan Hale"
    assert article.source_url.startswith("https://medium.com/@morganhale/")


def test_substack_zip_without_buttons_and_with_paid_posts_held(app, client):
    result = imported("substack")
    page = reader(client, "the-worry-window")
    assert page["lead"] == "Giving anxious thoughts a time and a place"
    assert page["blocks"] == [
        ("p", "Worry tends to arrive at the worst moments: in the middle of a meeting, or "
              "just as you fall asleep."),
        ("p", "One gentle experiment is to give it an appointment instead."),
        ("h2", "How the window works"),
        ("p", "Pick fifteen minutes at the same time each day. When a worry shows up outside "
              "it, jot it down and tell yourself you will look at it later."),
        ("p", "Image: A notebook open beside a window. A notebook is enough"),
        ("li", "Write the worry in one line."),
        ("li", "Circle the ones you can act on."),
        ("p", "Noticing the body first"),
        ("p", "Most people find the worries look smaller by the time the window opens."),
    ]  # fmt: skip
    shown = BeautifulSoup(client.get("/shelf/the-worry-window").data, "html.parser")
    card = shown.select_one(".shelf-body").find("a", string="Noticing the body first")
    assert card["href"] == "https://quietrooms.substack.com/p/noticing-the-body"
    for furniture in ("Leave a comment", "Restack", "Subscribe", "Type your email", "]("):
        assert furniture not in page["text"]
    assert statuses() == {
        "the-worry-window": "published",
        "paid-reflections": "draft",
        "subscribers-note": "draft",
    }
    assert client.get("/shelf/paid-reflections").status_code == 404
    assert client.get("/shelf/subscribers-note").status_code == 404
    held = sorted(s.held for s in result.saved if s.held)
    assert held == ["it is for paying subscribers only on Substack",
                    "it is for subscribers only on Substack"]  # fmt: skip
    paid = db.session.scalar(select(Article).where(Article.slug == "paid-reflections"))
    assert paid.body_md.strip() == (
        "This reflection was written for paying readers of the newsletter."
    )
    assert report.summary([result]) == (
        "3 imported; 0 updated; 2 kept as drafts because they are not public at the source; "
        "1 draft skipped; 1 image not imported (alt text kept)."
    )


def test_ghost_json_keeps_cards_as_text_and_links(app, client):
    result = imported("ghost_export.json")
    page = reader(client, "small-rituals")
    assert page["lead"] == "Rituals that take less than five minutes"
    assert page["blocks"] == [
        ("p", "On a hard day, a ritual can hold you when motivation cannot."),
        ("p", "Image: A pot of tea on a wooden table. The kettle as a starting signal"),
        ("h2", "Choosing one"),
        ("p", "Pick something that takes less than five minutes and needs no planning."),
        ("p", "A ritual is not a test you can fail."),
        ("p", "A library of everyday rituals"),
        ("p", "Repeat it for a week before deciding whether it helps."),
    ]  # fmt: skip
    body = BeautifulSoup(client.get("/shelf/small-rituals").data, "html.parser")
    link = body.select_one(".shelf-body").find("a", string="A library of everyday rituals")
    assert link["href"] == "https://calmlibrary.example.org/rituals"
    assert statuses() == {"small-rituals": "published", "members-corner": "draft"}
    assert client.get("/shelf/members-corner").status_code == 404
    article = db.session.scalar(select(Article).where(Article.slug == "small-rituals"))
    assert article.author == "Sam Okafor"
    assert [t.name for t in article.topics] == ["Self-care"]
    assert "1 draft, 1 page and 1 other item skipped" in report.summary([result])
    assert "ghost_export.json: “Monthly letter to subscribers”: sent by email only on Ghost, " \
           "never shown on the site" in report.skipped_lines([result])  # fmt: skip
    assert client.get("/shelf/monthly-letter").status_code == 404


def test_squarespace_export_with_bare_ampersand_and_html_entities(app, client):
    result = imported("squarespace_export.xml")
    page = reader(client, "stress-and-sleep")
    assert page["title"] == "Stress & sleep: what helps"
    assert page["page_title"].startswith("Stress & sleep: what helps")
    assert page["lead"] == "How stress & sleep pull on each other."
    assert page["blocks"] == [
        ("p", "Stress and sleep feed each other: a poor night makes the next day harder, and "
              "a hard day makes the night shorter."),
        ("h3", "Breaking the loop"),
        ("p", "You do not need to fix both at once. Protecting a wind-down time is often the "
              "easiest place to start."),
        ("p", "Image: A made bed in morning light. Mornings start the night before"),
        ("p", "If sleep stays broken for weeks, it is worth talking it through with someone."),
    ]  # fmt: skip
    assert reader(client, "change-at-work")["title"] == "Coping with change at work"
    assert "1 page skipped" in report.summary([result])
    notes = report.note_lines([result])
    assert any("stray &, < or HTML entities" in n for n in notes)


def test_wordpress_classic_post_keeps_paragraphs_and_removes_shortcodes(app, client):
    result = imported("wordpress_classic_and_shortcodes.xml")
    page = reader(client, "worry-named")
    assert page["title"] == "Worry, named & tamed"
    assert page["page_title"].startswith("Worry, named & tamed")
    assert page["lead"] == "A way to make worry smaller & quieter."
    assert page["blocks"] == [
        ("p", "Naming a worry out loud makes it a little smaller."),
        ("p", "Try saying it as a sentence that starts with \"I notice\". A second line in the "
              "same paragraph stays with it."),
        ("p", "Some people prefer writing it down. That works too."),
        ("p", "Image: A notebook and pen. Writing slows the thought down"),
        ("h4", "When it keeps coming back"),
        ("p", "It's okay if the same worry returns. Notice it, name it, and let it pass "
              "again."),
        ("p", "Embedded content from www.youtube.com"),
        ("p", "Worries are thoughts, not facts."),
        ("blockquote", "Worry is a visitor. It does not have to move in."),
        ("p", "Some days feel heavy and that is allowed 🙂"),
        ("p", "Our clients often say they aren\\'t \\\"good at\\\" relaxing. Nobody is, at "
              "first."),
    ]  # fmt: skip
    assert "[" not in page["text"] and "]" not in page["text"]
    shown = BeautifulSoup(client.get("/shelf/worry-named").data, "html.parser")
    second = shown.select_one(".shelf-body").find_all("p")[1]
    assert second.find("br") is not None  # the classic post's single newline is a line break
    assert len(shown.select(".shelf-body blockquote p")) == 2  # a quote's paragraphs stay two
    heavy = next(p for p in shown.select(".shelf-body p") if "heavy" in p.get_text())
    assert len(heavy.find_all("br")) == 1  # <br> and its newline are one break, not two
    assert statuses()["tuesday-group"] == "draft" and statuses()["supervision"] == "draft"
    notes = report.note_lines([result])
    assert "“Worry, named & tamed”: removed shortcodes the shelf cannot show: [gallery], " \
           "[contact-form-7]" in notes  # fmt: skip


def test_wordpress_block_pull_quote_embed_gallery_and_h6(app, client):
    imported("wordpress_classic_and_shortcodes.xml")
    page = reader(client, "pull-quotes")
    assert page["blocks"] == [
        ("p", "Some sentences are worth reading twice."),
        ("blockquote", "Rest is part of the work, not a reward for it. A client, with "
                       "permission"),
        ("p", "A two-minute breathing video"),
        ("p", "Image: A path through woods. Image: A bench by a lake. Places to pause"),
        ("p", "Slow down, the tide will wait for you."),
        ("p", "Feelings worksheet"),
        ("h4", "Small print"),
        ("p", "Videos and pictures stay on the original blog.[1]"),
        ("li", "Links to them are kept where the post had them."),
    ]  # fmt: skip
    shown = BeautifulSoup(client.get("/shelf/pull-quotes").data, "html.parser")
    assert shown.select_one(".shelf-body").find("pre") is None  # a poem is not code
    assert shown.select_one(".shelf-body").find("br") is not None
    for slug in ("tuesday-group", "supervision"):
        assert client.get(f"/shelf/{slug}").status_code == 404
    listing = client.get("/shelf/?q=Tuesday+group+notes").get_data(as_text=True)
    assert "/shelf/tuesday-group" not in listing


def test_a_published_post_marked_draft_at_the_source_leaves_the_shelf_on_reimport(app, client):
    text = "---\ntitle: Letting go of lists\n{}---\nA list can hold you or hurry you.\n"
    import_file("lists.md", text.format("").encode(), True, [], None)
    db.session.commit()
    assert client.get("/shelf/letting-go-of-lists").status_code == 200
    again = import_file("lists.md", text.format("draft: true\n").encode(), True, [], None)
    db.session.commit()
    assert [s.created for s in again.saved] == [False]
    assert statuses() == {"letting-go-of-lists": "draft"}
    assert client.get("/shelf/letting-go-of-lists").status_code == 404


def test_raw_html_in_markdown_reads_as_text_not_markup(app, client):
    result = imported("hugo_raw_html.md")
    page = reader(client, "grounding-when-a-memory-arrives")
    assert page["blocks"] == [
        ("p", "When an old memory arrives uninvited, the body can react as if it were "
              "happening now. That reaction is protective, not a failure. The grounding "
              "guide has more."),
        ("p", "Image: Smooth stones in a palm. Something to hold"),
        ("p", "Press your feet into the floor and name the room you are in."),
        ("p", "What if grounding makes it worse?"),
        ("p", "Stop, open your eyes, and try again later with someone you trust."),
        ("p", "Write <br> in a note to yourself if it helps; it is only text. Comfort is <3 "
              "and a < b is maths."),
    ]  # fmt: skip
    body = BeautifulSoup(client.get("/shelf/grounding-when-a-memory-arrives").data, "html.parser")
    shown = body.select_one(".shelf-body")
    assert shown.find("em").get_text() == "protective"
    assert (
        shown.find("a", string="grounding guide")["href"] == "https://grounding.example.org/guide"
    )
    assert shown.find("br") is not None
    assert "<figure" not in page["text"] and "<div" not in page["text"]
    assert result.images_dropped == 1


def test_hugo_shortcodes_and_liquid_tags_are_not_shown_verbatim(app, client):
    result = imported("hugo_shortcodes.md")
    page = reader(client, "boundaries-at-family-gatherings")
    assert page["blocks"] == [
        ("p", "Family gatherings can pull us back into old roles within minutes of arriving."),
        ("p", "Image: A long table set for dinner. Old roles, new choices"),
        ("p", "Decide before you arrive how long you will stay."),
        ("p", "A video on YouTube"),
        ("p", "It is fine to step outside for five minutes."),
        ("p", "Write {{ your name }} at the top of the page."),
    ]  # fmt: skip
    body = BeautifulSoup(client.get("/shelf/boundaries-at-family-gatherings").data, "html.parser")
    video = body.select_one(".shelf-body").find("a", string="A video on YouTube")
    assert video["href"] == "https://www.youtube.com/watch?v=kL3mN8pQr2s"
    assert report.note_lines([result]) == [
        "“Boundaries at family gatherings”: removed template code the shelf cannot show: "
        "newsletter-signup, include, {{ }}"
    ]
    assert result.images_dropped == 1


def test_a_damaged_squarespace_item_is_mended_alone_and_the_rest_import(app, client):
    result = imported("squarespace_damaged.xml")
    titles = [reader(client, slug)["title"] for slug in ("gentler-list", "asking-for-help",
                                                         "resting")]  # fmt: skip
    assert titles == ["Less < more: a gentler to-do list", "Asking for help",
                      "Resting without guilt"]  # fmt: skip
    assert reader(client, "resting")["blocks"] == [("p", "Rest is not a reward you have to earn.")]
    notes = report.note_lines([result])
    assert notes[0] == (
        "parts of squarespace_damaged.xml were damaged and were read as well as possible; "
        "check each article, or export it again from Squarespace"
    )
    assert "“Asking for help”: this post was damaged in the export and read as well as " \
           "possible; compare it with the post on Squarespace" in notes  # fmt: skip


def test_markdown_footnotes_are_numbered_notes_not_syntax(app, client):
    imported("jekyll_footnotes.md")
    page = reader(client, "why-naming-feelings-helps")
    assert page["lead"] == ""  # drawn from the body, which opens with it
    assert page["blocks"] == [
        ("p", "Putting a feeling into words can calm the body a little.[1] Researchers call "
              "this affect labelling.[2]"),
        ("p", "It works best when the word fits, so take a moment to find it.[1]"),
        ("pre", "[^not-a-note] stays in code"),
        ("li", "Saying it out loud works as well as writing it."),
        ("li", "The term comes from studies of emotion regulation, which looked at brain "
               "activity while people named feelings."),
    ]  # fmt: skip
    assert "[^" not in page["text"].replace("[^not-a-note]", "")


def test_a_medium_draft_is_never_public(app, client):
    result = imported("draft_Letters-to-a-younger-self-def456.html")
    assert statuses() == {"letters-to-a-younger-self": "draft"}
    assert client.get("/shelf/letters-to-a-younger-self").status_code == 404
    assert [s.held for s in result.saved] == [
        "it is a draft in the Medium export (it has no publication date)"
    ]
    imported("medium_export.html")
    assert statuses()["saying-no-without-a-speech"] == "published"
