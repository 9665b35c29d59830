"""Mutations that must each make a test fail: the importer never publishes what is not public."""

MUTATIONS = [
    {
        "name": "held-posts-never-published",
        "protects": "private, password-protected and draft-marked posts are saved as drafts",
        "file": "portal/shelf/importer/save.py",
        "find": "publish = publish and not parsed.hold_reason",
        "replace": "publish = publish",
        "tests": [
            "tests/test_shelf_importer_corpus.py::"
            "test_wordpress_private_and_protected_posts_are_never_public"
        ],
    },
    {
        "name": "password-protected-posts-held",
        "protects": "a WordPress post with wp:post_password is held as a draft",
        "file": "portal/shelf/importer/wxr.py",
        "find": 'if values.get("wp:post_password"):',
        "replace": "if False:",
        "tests": [
            "tests/test_shelf_importer_corpus.py::"
            "test_wordpress_private_and_protected_posts_are_never_public"
        ],
    },
    {
        "name": "front-matter-draft-held",
        "protects": "a Markdown or .html post whose front matter says draft: true is a draft",
        "file": "portal/shelf/importer/frontmatter.py",
        "find": 'if str(meta.get("draft", "")).lower() in [str(v).lower() for v in TRUE]:',
        "replace": "if False:",
        "tests": [
            "tests/test_shelf_importer_formats.py::test_front_matter_drafts_are_never_public"
        ],
    },
    {
        "name": "front-matter-published-false-held",
        "protects": "a post whose front matter says published: false is a draft",
        "file": "portal/shelf/importer/frontmatter.py",
        "find": 'if "published" in meta and',
        "replace": "if False and",
        "tests": [
            "tests/test_shelf_importer_formats.py::test_front_matter_drafts_are_never_public"
        ],
    },
    {
        "name": "front-matter-hold-applied",
        "protects": "the draft reason front matter gives is kept on the article",
        "file": "portal/shelf/importer/frontmatter.py",
        "find": "article.hold_reason = draft_reason(meta)",
        "replace": 'article.hold_reason = ""',
        "tests": [
            "tests/test_shelf_importer_formats.py::test_front_matter_drafts_are_never_public"
        ],
    },
    {
        "name": "private-posts-held",
        "protects": "a WordPress post with status private is held as a draft",
        "file": "portal/shelf/importer/wxr.py",
        "find": 'elif values.get("wp:status") == "private":',
        "replace": "elif False:",
        "tests": [
            "tests/test_shelf_importer_sixty.py::"
            "test_nothing_protected_private_or_unpublished_is_public"
        ],
    },
    {
        "name": "ghost-members-posts-held",
        "protects": "a Ghost post for members only is held as a draft",
        "file": "portal/shelf/importer/ghost.py",
        "find": 'if visibility != "public":',
        "replace": "if False:",
        "tests": [
            "tests/test_shelf_importer_formats.py::test_ghost_json_keeps_cards_as_text_and_links"
        ],
    },
    {
        "name": "substack-paid-posts-held",
        "protects": "a Substack post for paying or free subscribers only is held as a draft",
        "file": "portal/shelf/importer/substack.py",
        "find": 'if audience != "everyone":',
        "replace": "if False:",
        "tests": [
            "tests/test_shelf_importer_formats.py::"
            "test_substack_zip_without_buttons_and_with_paid_posts_held"
        ],
    },
    {
        "name": "handout-lead-from-body-printed-once",
        "protects": "a summary drawn from the body is not printed again above the body",
        "file": "templates/handouts/print/_article.html",
        "find": "{% if item.summary and not item.summary_from_body %}",
        "replace": "{% if item.summary %}",
        "tests": [
            "tests/test_shelf_importer_handout.py::test_a_lead_drawn_from_the_body_is_printed_once"
        ],
    },
    {
        "name": "edited-summary-printed",
        "protects": "a summary someone edits after import is printed on the handout",
        "file": "portal/shelf/service.py",
        "find": "article.is_summary_from_body = False  # someone wrote it",
        "replace": "pass  # someone wrote it",
        "tests": [
            "tests/test_shelf_importer_handout.py::test_a_summary_edited_after_import_is_printed"
        ],
    },
    {
        "name": "html-front-matter-title-not-from-body",
        "protects": "a Jekyll .html page with a front-matter title keeps its first paragraph",
        "file": "portal/shelf/importer/html.py",
        "find": "if not article.title and not meta_title(meta):",
        "replace": "if not article.title:",
        "tests": [
            "tests/test_shelf_importer_formats.py::test_jekyll_html_front_matter_keeps_the_first_paragraph"
        ],
    },
    {
        "name": "picture-images-kept",
        "protects": "an image inside <picture> keeps its alt text and is counted",
        "file": "portal/shelf/importer/convert.py",
        "find": "picture.unwrap()",
        "replace": "picture.decompose()",
        "tests": [
            "tests/test_shelf_importer_formats.py::test_substack_zip_without_buttons_and_with_paid_posts_held"
        ],
    },
    {
        "name": "html-line-breaks-kept",
        "protects": "a line break inside an imported paragraph stays a line break",
        "file": "portal/shelf/importer/convert.py",
        "find": 'newline_style="backslash"',
        "replace": 'newline_style="spaces"',
        "tests": [
            "tests/test_shelf_importer_formats.py::test_wordpress_classic_post_keeps_paragraphs_and_removes_shortcodes"
        ],
    },
    {
        "name": "markdown-raw-html-converted",
        "protects": "raw HTML in a Markdown file reads as text, not escaped markup",
        "file": "portal/shelf/importer/markdown_file.py",
        "find": "text = raw_html.to_markdown(MEDIA.sub(media, text), article)",
        "replace": "text = MEDIA.sub(media, text)",
        "tests": [
            "tests/test_shelf_importer_formats.py::test_raw_html_in_markdown_reads_as_text_not_markup"
        ],
    },
    {
        "name": "markdown-deep-headings-kept",
        "protects": "h5/h6 in a Markdown file stay headings",
        "file": "portal/shelf/importer/markdown_file.py",
        "find": 'text = DEEP_HEADING.sub("####", TOP_HEADING.sub("##", text))',
        "replace": "text = text",
        "tests": [
            "tests/test_shelf_importer_formats.py::test_markdown_drops_comments_links_video_and_keeps_every_block"
        ],
    },
    {
        "name": "bookmark-cards-kept",
        "protects": "a bookmark card becomes a link with its title",
        "file": "portal/shelf/importer/blocks.py",
        "find": "if _link_card(figure, caption):",
        "replace": "if False:",
        "tests": [
            "tests/test_shelf_importer_formats.py::test_ghost_json_keeps_cards_as_text_and_links"
        ],
    },
    {
        "name": "damaged-item-mended-alone",
        "protects": "one damaged item in an export does not make the posts after it vanish",
        "file": "portal/shelf/importer/xmlread.py",
        "find": "text, damaged = _mend_items(text)",
        "replace": "damaged = []",
        "tests": [
            "tests/test_shelf_importer_formats.py::"
            "test_a_damaged_squarespace_item_is_mended_alone_and_the_rest_import"
        ],
    },
    {
        "name": "block-links-made-cards",
        "protects": "a link around blocks (an embedded post) is one link, not broken syntax",
        "file": "portal/shelf/importer/blocks.py",
        "find": "    _block_links(soup)  # a card's logo",
        "replace": "    pass  # a card's logo",
        "tests": [
            "tests/test_shelf_importer_formats.py::"
            "test_substack_zip_without_buttons_and_with_paid_posts_held"
        ],
    },
    {
        "name": "front-matter-status-draft-held",
        "protects": "a post whose front matter says status: draft (Eleventy and others) is a draft",
        "file": "portal/shelf/importer/frontmatter.py",
        "find": 'if status and status not in ("published", "publish", "public", "live"):',
        "replace": "if False:",
        "tests": [
            "tests/test_shelf_importer_formats.py::test_front_matter_drafts_are_never_public"
        ],
    },
    {
        "name": "wpautop-quote-paragraphs",
        "protects": "every blank-line part of a classic post, in a quote or not, is a paragraph",
        "file": "portal/shelf/importer/wordpress.py",
        "find": 'html = "".join(f"<p>{part}</p>\\n" for part in parts)',
        "replace": 'html = "".join(f"{part}\\n\\n" for part in parts)',
        "tests": [
            "tests/test_shelf_importer_formats.py::"
            "test_wordpress_classic_post_keeps_paragraphs_and_removes_shortcodes"
        ],
    },
    {
        "name": "markdown-footnotes-numbered",
        "protects": "Markdown footnotes become numbered notes, not [^1] syntax",
        "file": "portal/shelf/importer/markdown_file.py",
        "find": "footnotes.number(",
        "replace": "(",
        "tests": [
            "tests/test_shelf_importer_formats.py::"
            "test_markdown_footnotes_are_numbered_notes_not_syntax"
        ],
    },
    {
        "name": "medium-drafts-held",
        "protects": "a draft in a Medium export (no publication date) is saved as a draft",
        "file": "portal/shelf/importer/html.py",
        "find": "article.hold_reason = article.hold_reason or _medium_draft(soup)",
        "replace": "pass",
        "tests": ["tests/test_shelf_importer_formats.py::test_a_medium_draft_is_never_public"],
    },
    {
        "name": "front-matter-scheduled-held",
        "protects": "a static-site post dated in the future (scheduled) is not published early",
        "file": "portal/shelf/importer/frontmatter.py",
        "find": "if when and when > datetime.now(UTC).replace(tzinfo=None):",
        "replace": "if False:",
        "tests": [
            "tests/test_shelf_importer_formats.py::test_front_matter_drafts_are_never_public"
        ],
    },
    {
        "name": "html-footnote-marks",
        "protects": "a footnote number in imported HTML reads [1], not glued to the word",
        "file": "portal/shelf/importer/blocks.py",
        "find": "    _footnote_marks(soup)\n",
        "replace": "\n",
        "tests": [
            "tests/test_shelf_importer_formats.py::"
            "test_wordpress_block_pull_quote_embed_gallery_and_h6"
        ],
    },
]
