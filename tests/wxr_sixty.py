"""A 60-item WordPress export written for the tests, with what a reader must find after import.

The export mixes block-editor and classic posts with tables, galleries, captions, shortcodes
and deep headings, and holds password-protected and private posts, drafts, an item in the
bin, pages and attachments. Every sentence is generated from the short phrases below, so each
post's words are its own and can be looked for on its page and in search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

SUBJECTS = ("A slow morning", "A short walk", "A kind word", "A quiet evening", "A shared meal",
            "An honest talk", "A pause before replying", "A glass of water")  # fmt: skip
EFFECTS = ("can steady a racing mind", "often softens a hard day",
           "gives the body a signal of safety", "makes room for a clearer choice",
           "helps a worry loosen its grip")  # fmt: skip
PLACES = ("after a difficult session", "on a busy Monday", "when sleep has been short",
          "during a family visit", "before a job interview", "at the end of a long week",
          "while waiting for news", "in the first days of a new routine")  # fmt: skip
PUBLIC = 40
PROTECTED = 5
PRIVATE = 4
# (status, kind) for the items that must not become public articles or are not posts at all
NOT_POSTS = [("draft", "post"), ("pending", "post"), ("future", "post"), ("auto-draft", "post"),
             ("trash", "post"), ("publish", "page"), ("publish", "page"), ("draft", "page"),
             ("inherit", "attachment"), ("inherit", "attachment"),
             ("inherit", "attachment")]  # fmt: skip
SECRET_WORDS = "lighthouse"  # only in posts that must stay off the shelf


@dataclass
class Post:
    """One item of the export and what a reader must see of it."""

    number: int
    title: str
    slug: str
    content: str
    status: str = "publish"
    kind: str = "post"
    password: str = ""
    texts: list[str] = field(default_factory=list)  # paragraph, heading, caption texts in order
    cells: list[str] = field(default_factory=list)
    images: int = 0


def sentence(number: int, part: int) -> str:
    """A sentence that no other post or part has."""
    index = number * 7 + part
    subject = SUBJECTS[index % len(SUBJECTS)]
    effect = EFFECTS[(index // len(SUBJECTS)) % len(EFFECTS)]
    place = PLACES[(index // 3) % len(PLACES)]
    return f"{subject} {effect} {place}, as note {number}.{part} of this blog says."


def _block_table(post: Post) -> str:
    """A block-editor post with a table and its caption, a heading and paragraphs."""
    one, two, three = (sentence(post.number, i) for i in range(3))
    row = [f"Week {post.number}", f"Plan {post.number}"]
    post.texts = [one, "A small plan", two, f"Plan for week {post.number}", three]
    post.cells = ["Day", "Step", *row]
    return (
        f"<!-- wp:paragraph --><p>{one}</p><!-- /wp:paragraph -->"
        '<!-- wp:heading --><h2 class="wp-block-heading">A small plan</h2><!-- /wp:heading -->'
        f"<!-- wp:paragraph --><p>{two}</p><!-- /wp:paragraph -->"
        '<!-- wp:table --><figure class="wp-block-table"><table><thead><tr><th>Day</th>'
        f"<th>Step</th></tr></thead><tbody><tr><td>{row[0]}</td><td>{row[1]}</td></tr></tbody>"
        f"</table><figcaption>Plan for week {post.number}</figcaption></figure>"
        f"<!-- /wp:table --><!-- wp:paragraph --><p>{three}</p><!-- /wp:paragraph -->"
    )


def _block_gallery(post: Post) -> str:
    """A block-editor gallery of two captioned images and a pull quote."""
    one, two = sentence(post.number, 0), sentence(post.number, 1)
    images = f"Image: A path in season {post.number}. Image: A bench by water."
    quote = f"Rest is allowed {post.number}"
    post.texts = [one, f"{images} Resting places {post.number}", quote, two]
    post.images = 2
    return (
        f"<!-- wp:paragraph --><p>{one}</p><!-- /wp:paragraph -->"
        '<!-- wp:gallery --><figure class="wp-block-gallery has-nested-images">'
        f'<figure class="wp-block-image"><img src="https://blog.example/a{post.number}.jpg" '
        f'alt="A path in season {post.number}"/></figure>'
        f'<figure class="wp-block-image"><img src="https://blog.example/b{post.number}.jpg" '
        'alt="A bench by water"/><figcaption class="wp-element-caption">Resting places '
        f"{post.number}</figcaption></figure></figure><!-- /wp:gallery -->"
        '<!-- wp:pullquote --><figure class="wp-block-pullquote"><blockquote><p>Rest is '
        f"allowed {post.number}</p></blockquote></figure><!-- /wp:pullquote -->"
        f"<!-- wp:paragraph --><p>{two}</p><!-- /wp:paragraph -->"
    )


def _classic_caption(post: Post) -> str:
    """A classic post: blank-line paragraphs, one <p>, a [caption] and a [gallery]."""
    one, two, three = (sentence(post.number, i) for i in range(3))
    post.texts = [one, two, f"Image: A window seat. Morning light {post.number}", three]
    post.images = 1
    return (
        f"{one}\n\n<p>{two}</p>\n\n"
        f'[caption id="attachment_{post.number}" align="alignnone" width="300"]'
        f'<img src="https://blog.example/w{post.number}.jpg" alt="A window seat" width="300" />'
        f" Morning light {post.number}[/caption]\n\n"
        f'[gallery ids="{post.number},{post.number + 1}"]\n\n{three}'
    )


def _classic_lists(post: Post) -> str:
    """A classic post with an h5 heading, a list, an [embed] and an unknown wrapper shortcode."""
    one, two, three = (sentence(post.number, i) for i in range(3))
    post.texts = [one, "When it comes back", f"Notice it {post.number}", f"Name it {post.number}",
                  "Embedded content from video.example.org", two, three]  # fmt: skip
    return (
        f"{one}\n\n<h5>When it comes back</h5>\n"
        f"<ul>\n<li>Notice it {post.number}</li>\n<li>Name it {post.number}</li>\n</ul>\n\n"
        f"[embed]https://video.example.org/watch/{post.number}[/embed]\n\n"
        f'[note_box colour="grey"]{two}[/note_box]\n\n{three}'
    )


def _block_image(post: Post) -> str:
    """A block-editor image with a caption, an h6 heading and a backslash kept as written."""
    one, two = sentence(post.number, 0), sentence(post.number, 1)
    post.texts = [one, f"Image: A kettle on the stove. Tea time {post.number}", "Small print",
                  two, "Clients say they aren\\'t \\\"good at\\\" rest."]  # fmt: skip
    post.images = 1
    return (
        f"<!-- wp:paragraph --><p>{one}</p><!-- /wp:paragraph -->"
        '<!-- wp:image --><figure class="wp-block-image"><img src="https://blog.example/k.jpg" '
        f'alt="A kettle on the stove"/><figcaption>Tea time {post.number}</figcaption></figure>'
        '<!-- /wp:image --><!-- wp:heading {"level":6} --><h6>Small print</h6>'
        f"<!-- /wp:heading --><!-- wp:paragraph --><p>{two}</p><!-- /wp:paragraph -->"
        '<!-- wp:paragraph --><p>Clients say they aren\\\'t \\"good at\\" rest.</p>'
        "<!-- /wp:paragraph -->"
    )


SHAPES = (_block_table, _block_gallery, _classic_caption, _classic_lists, _block_image)


def posts() -> list[Post]:
    """The 60 items, in export order."""
    items = []
    for number in range(1, PUBLIC + 1):
        title = f"Notes on rest &amp; <em>repair</em>, part {number}"
        if number in (11, 12):
            title = "Notes from the week"  # two posts, one title: two articles
        post = Post(number, title, f"rest-notes-{number}", "")
        post.content = SHAPES[number % len(SHAPES)](post)
        items.append(post)
    for offset in range(PROTECTED + PRIVATE):
        number = PUBLIC + 1 + offset
        protected = offset < PROTECTED
        post = Post(number, f"Group notes {number}", f"group-notes-{number}", "")
        post.content = f"<p>The {SECRET_WORDS} group met again, as note {number} says.</p>"
        post.status = "publish" if protected else "private"
        post.password = "harbour" if protected else ""
        post.texts = [f"The {SECRET_WORDS} group met again, as note {number} says."]
        items.append(post)
    for offset, (status, kind) in enumerate(NOT_POSTS):
        number = PUBLIC + PROTECTED + PRIVATE + 1 + offset
        post = Post(number, f"Unpublished {kind} {number}", f"{kind}-{number}", "")
        post.content = f"<p>A {SECRET_WORDS} {kind} that is not a public post ({number}).</p>"
        post.status, post.kind = status, kind
        items.append(post)
    return items


def _item(post: Post) -> str:
    """One <item> of the export."""
    password = f"<wp:post_password>{post.password}</wp:post_password>" if post.password else ""
    return (
        f"<item><title><![CDATA[{post.title}]]></title>"
        f"<link>https://blog.example/{post.slug}/</link>"
        f'<guid isPermaLink="false">https://blog.example/?p={post.number}</guid>'
        "<dc:creator><![CDATA[casey]]></dc:creator>"
        f"<content:encoded><![CDATA[{post.content}]]></content:encoded>"
        "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        f"<wp:post_id>{post.number}</wp:post_id>"
        f"<wp:post_date_gmt>2024-01-{post.number % 28 + 1:02d} 09:00:00</wp:post_date_gmt>"
        f"<wp:post_name><![CDATA[{post.slug}]]></wp:post_name>"
        f"<wp:status>{post.status}</wp:status><wp:post_type>{post.kind}</wp:post_type>"
        f'{password}<category domain="category" nicename="rest"><![CDATA[Rest]]></category>'
        "</item>\n"
    )


def export_xml(items: list[Post]) -> bytes:
    """The whole export as WordPress writes it."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        f"<title>{escape('Calm Harbour Counselling')}</title>\n"
        "<wp:author><wp:author_login>casey</wp:author_login><wp:author_display_name>"
        "<![CDATA[Casey Morgan]]></wp:author_display_name></wp:author>\n"
        + "".join(_item(p) for p in items)
        + "</channel>\n</rss>\n"
    ).encode("utf-8")
