"""Mutations that must each make a test fail: handout PDF structure, large print, credit, forms."""

T = "tests/test_handouts_pdfua.py"
F = "tests/test_handouts_flight.py"
MUTATIONS = [
    {
        "name": "margin-content-becomes-artifact",
        "protects": "footer, header and page numbers are pagination artifacts, never orphaned",
        "file": "portal/handouts/tagging.py",
        "find": '            operations[index - 1] = "/Artifact"\n',
        "replace": "",
        "tests": [f"{T}::test_every_handout_kind_passes_the_pdfua_checker"],
    },
    {
        "name": "list-item-content-in-lbody",
        "protects": "every LI holds only Lbl and LBody (PDF/UA 7.2-20)",
        "file": "portal/handouts/tagging.py",
        "find": '        if element["S"] == "/LI":',
        "replace": '        if element["S"] == "/no-LI":',
        "tests": [f"{T}::test_every_handout_kind_passes_the_pdfua_checker"],
    },
    {
        "name": "table-headers-have-scope",
        "protects": "every TH has a Scope (PDF/UA 7.5-1), including the intake summary's",
        "file": "portal/handouts/tagging.py",
        "find": '            attributes.setdefault("Scope", scope)',
        "replace": "            pass",
        "tests": [f"{T}::test_intake_summary_pdf_passes_the_pdfua_checker"],
    },
    {
        "name": "wrapped-link-is-one-link",
        "protects": "a link wrapping onto two lines stays one Link element (PDF/UA 7.18.5-1)",
        "file": "portal/handouts/tagging.py",
        "find": "            _move_link_kids(tags, tags.get(second), tags.get(first))\n"
        "            del kids[index + 1]\n            continue\n",
        "replace": "",
        "tests": [f"{T}::test_every_handout_kind_passes_the_pdfua_checker"],
    },
    {
        "name": "large-print-margin-boxes",
        "protects": "large print has no text under 16 pt, footer and page numbers included",
        "file": "static/css/print.css",
        "find": "    page: large-print;",
        "replace": "    page: auto;",
        "tests": [f"{T}::test_large_print_has_no_text_under_16_pt"],
    },
    {
        "name": "italics-print-as-italics",
        "protects": "Markdown emphasis prints in the italic face, not bold",
        "file": "static/css/print.css",
        "find": "cite {\n  font-style: italic;\n}",
        "replace": "cite {\n  font-style: normal;\n  font-weight: 700;\n}",
        "tests": [f"{T}::test_markdown_italics_print_in_the_italic_face"],
    },
    {
        "name": "pdf-author-is-article-author",
        "protects": "the PDF's Author is the article's author, not the clinician printing it",
        "file": "portal/handouts/service.py",
        "find": '        "author": document_author(context),',
        "replace": '        "author": options.clinician or context["practice"]["name"],',
        "tests": [f"{T}::test_handout_credits_the_author_and_names_the_revision"],
    },
    {
        "name": "urgent-help-in-body",
        "protects": "the crisis line is body text once per document (the footer is an artifact)",
        "file": "templates/handouts/print/packet.html",
        "find": '  <p class="handout-urgent">{{ practice.urgent_line }}</p>\n',
        "replace": "",
        "tests": [f"{T}::test_urgent_help_is_body_text_once_per_packet"],
    },
    {
        "name": "fillable-fields-named-from-labels",
        "protects": "each fillable field's accessible name (TU) comes from its <label for>",
        "file": "templates/handouts/print/_article.html",
        "find": '  <{{ "form" if fillable else "div" }} class="prompts">',
        "replace": '  <div class="prompts">',
        "tests": [f"{T}::test_fillable_worksheet_fields_fill_save_and_read_back"],
    },
    {
        "name": "handout-single-flight",
        "protects": "simultaneous requests for one uncached PDF render it once, errors shared",
        "file": "portal/handouts/engine.py",
        "find": "    return flight.once(path, produce, wait)\n",
        "replace": "    return produce()\n",
        "tests": [
            f"{F}::test_simultaneous_requests_for_one_uncached_handout_render_it_once",
            f"{F}::test_a_failed_render_gives_every_waiter_the_friendly_page",
        ],
    },
    {
        "name": "handout-single-flight-across-processes",
        "protects": "two server processes asking for one uncached PDF render it once (lock file)",
        "file": "portal/handouts/flight.py",
        "find": "            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n",
        "replace": "            pass\n",
        "tests": [f"{F}::test_two_server_processes_render_one_uncached_handout_once"],
    },
    {
        "name": "handout-render-cap",
        "protects": "renders per process are capped; others get a 503 busy page, pages are served",
        "file": "portal/handouts/engine.py",
        "find": "    with flight.render_slot(limit, _slot_wait(slot_wait)):\n",
        "replace": "    if limit:\n",
        "tests": [f"{F}::test_a_burst_of_uncached_handouts_gets_busy_pages_while_pages_are_served"],
    },
    {
        "name": "handout-prerender-on-publish",
        "protects": "publishing renders Letter and A4 in the background: the first print is a hit",
        "file": "portal/handouts/prerender.py",
        "find": "            event.listen(Session, name, function)\n",
        "replace": "            pass\n",
        "tests": [
            "tests/test_handouts_prerender.py::"
            "test_publishing_renders_both_papers_so_the_first_print_is_a_cache_hit"
        ],
    },
    {
        "name": "handout-render-failure-shared-across-processes",
        "protects": "a process waiting on another's failed render shows its error, not a rerun",
        "file": "portal/handouts/flight.py",
        "find": "            _write_failure(path, str(exc))\n",
        "replace": "            pass\n",
        "tests": [
            f"{F}::test_a_render_failing_in_one_process_gives_the_waiting_process_the_same_error"
        ],
    },
]
