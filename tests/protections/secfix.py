"""Mutations that must each make a test fail: resume links, logs, URLs, input ranges, start-up."""
# ruff: noqa: E501 - a find must quote the source line exactly, however long

MUTATIONS = [
    {
        "name": "resume-link-rotates-on-use",
        "protects": "opening a resume link moves the draft to a new id and token (case 61)",
        "file": "portal/intake/service.py",
        "find": (
            "    draft = save_draft(None, data, days)\n    return draft, issue_resume_token(draft)"
        ),
        "replace": "    db.session.rollback()\n    return draft_for_token(token), token",
        "tests": ["tests/test_intake_resume.py"],
    },
    {
        "name": "log-lines-escape-control-characters",
        "protects": "CR/LF and control characters from requests never start a log line (case 64)",
        "file": "portal/logs.py",
        "find": 'return escape_control(redact(COLOUR_CODES.sub("", super().format(record))))',
        "replace": 'return redact(COLOUR_CODES.sub("", super().format(record)))',
        "tests": ["tests/test_logs.py"],
    },
    {
        "name": "log-server-notice-only-without-request-values",
        "protects": "only the development server's own notice keeps its lines; a request line stays one line",
        "file": "portal/logs.py",
        "find": 'if record.name != "werkzeug" or record.args or not isinstance(record.msg, str):',
        "replace": 'if record.name != "werkzeug" or not isinstance(record.msg, str):',
        "tests": ["tests/test_logs.py"],
    },
    {
        "name": "log-server-notice-not-a-request-line",
        "protects": "a request line logged without arguments is still escaped to one line",
        "file": "portal/logs.py",
        "find": 'return " - - [" not in record.msg  # a request line always starts with its address',
        "replace": "return True",
        "tests": ["tests/test_logs.py"],
    },
    {
        "name": "log-lines-redact-resume-tokens",
        "protects": "a resume link in a path (access log, error route) is never written to a log",
        "file": "portal/logs.py",
        "find": 'return RESUME_TOKEN.sub(r"\\1[redacted]", text)',
        "replace": "return text",
        "tests": ["tests/test_logs.py::test_resume_token_never_reaches_a_log_line"],
    },
    {
        "name": "inbox-search-form-is-posted",
        "protects": "the inbox search form is POST, so a client's name is not in a URL (case 63)",
        "file": "templates/clinician/intakes.html",
        "find": 'method="post" action="{{ url_for(\'clinician.intakes\') }}" class="filter-form"',
        "replace": 'method="get" action="{{ url_for(\'clinician.intakes\') }}" class="filter-form"',
        "tests": [
            "tests/test_clinician_inbox.py::test_inbox_search_is_posted_and_a_search_in_the_url_is_ignored"
        ],
    },
    {
        "name": "inbox-ignores-search-in-url",
        "protects": "a search in the query string is ignored, so no link or bookmark carries one",
        "file": "portal/clinician/inbox.py",
        "find": 'q=(form.q.data or "")[:200] if searching else "",',
        "replace": 'q=(form.q.data or "")[:200],',
        "tests": [
            "tests/test_clinician_inbox.py::test_inbox_search_is_posted_and_a_search_in_the_url_is_ignored"
        ],
    },
    {
        "name": "int-route-arguments-bounded",
        "protects": "an <int:> route argument beyond the database integer range is a 404 (case 69)",
        "file": "portal/inputs.py",
        "find": 'app.url_map.converters["int"] = BoundedIntConverter',
        "replace": "pass",
        "tests": [
            "tests/test_input_ranges.py::test_every_integer_route_argument_far_out_of_range_is_a_404"
        ],
    },
    {
        "name": "query-integers-bounded",
        "protects": "ids and page numbers from the query string are ASCII digits within range",
        "file": "portal/inputs.py",
        "find": "return value if 1 <= value <= maximum else default",
        "replace": "return value",
        "tests": ["tests/test_input_ranges.py"],
    },
    {
        "name": "query-dates-bounded",
        "protects": "a date filter near year 9999 is refused with a message, not an overflow",
        "file": "portal/inputs.py",
        "find": "return value if MIN_DATE <= value <= MAX_DATE else None",
        "replace": "return value",
        "tests": ["tests/test_input_ranges.py"],
    },
    {
        "name": "resume-mail-limited-per-draft",
        "protects": "one draft cannot mail its resume link to many addresses (defect 8, case 67)",
        "file": "portal/intake/notify.py",
        "find": '(current_app.config["INTAKE_RESUME_MAIL_LIMIT"], "resume-mail-draft", draft_id),',
        "replace": '(current_app.config["INTAKE_RESUME_MAIL_LIMIT"], "resume-mail-draft", to),',
        "tests": ["tests/test_intake_resume_mail.py"],
    },
    {
        "name": "resume-mail-limited-per-address",
        "protects": "one address gets a few resume emails a day, from every draft together",
        "file": "portal/intake/notify.py",
        "find": 'blind_index(to, "resume-mail"),',
        "replace": "draft_id,",
        "tests": ["tests/test_intake_resume_mail.py"],
    },
    {
        "name": "production-guard-public-base-url",
        "protects": "production refuses a loopback PUBLIC_BASE_URL (links, QR codes; defect 12)",
        "file": "portal/config.py",
        "find": "    elif _is_loopback(base):\n",
        "replace": "    elif False:\n",
        "tests": ["tests/test_config_production.py"],
    },
    {
        "name": "production-guard-public-base-url-unset",
        "protects": "an unset PUBLIC_BASE_URL is an error in production, not a loopback default",
        "file": "portal/config.py",
        "find": 'if urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).hostname:',
        "replace": "if False:",
        "tests": ["tests/test_config_production.py"],
    },
    {
        "name": "production-guard-trusted-hosts",
        "protects": "production refuses to start with no TRUSTED_HOSTS (case 38)",
        "file": "portal/config.py",
        "find": '    if not config.get("TRUSTED_HOSTS"):\n        problems.append(',
        "replace": "    if False:\n        problems.append(",
        "tests": ["tests/test_config_production.py"],
    },
    {
        "name": "production-guard-shared-rate-limits",
        "protects": "production refuses per-process (memory://) rate limits with several workers",
        "file": "portal/config.py",
        "find": 'if storage.startswith("memory://") and workers > 1:',
        "replace": "if False:",
        "tests": ["tests/test_config_production.py"],
    },
    {
        "name": "gunicorn-workers-counted-like-the-guard",
        "protects": "gunicorn starts the number of workers the production guard checked",
        "file": "gunicorn.conf.py",
        "find": "workers = worker_count()",
        "replace": 'workers = int(os.environ.get("PORTAL_WORKERS", os.cpu_count()))',
        "tests": ["tests/test_config_production.py"],
    },
    {
        "name": "url-ids-random",
        "protects": "intake and draft ids in URLs are random, not a clock or counter (case 31)",
        "file": "portal/models/base.py",
        "find": "    return secrets.token_hex(16)",
        "replace": '    return format(__import__("time").time_ns(), "032x")',
        "tests": ["tests/test_security_ids_and_hosts.py"],
    },
    {
        "name": "intake-references-random",
        "protects": "the reference shown to a client is random, so no one can guess another's",
        "file": "portal/intake/records.py",
        "find": '    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))',
        "replace": '    chars = format(__import__("time").time_ns() // 1000 % 10**8, "08d")',
        "tests": [
            "tests/test_security_ids_and_hosts.py::test_intake_ids_and_references_are_random_and_neighbours_are_not_found"
        ],
    },
    {
        "name": "resume-tokens-256-bits",
        "protects": "a resume token carries 256 random bits, far beyond guessing (case 31)",
        "file": "portal/intake/service.py",
        "find": "    token = secrets.token_urlsafe(32)",
        "replace": "    token = secrets.token_urlsafe(6)",
        "tests": [
            "tests/test_security_ids_and_hosts.py::test_draft_ids_and_resume_tokens_are_random_and_long"
        ],
    },
    {
        "name": "resume-link-from-public-base-url",
        "protects": "the resume link is built from PUBLIC_BASE_URL, never the Host header (case 38)",
        "file": "portal/intake/views.py",
        "find": 'link = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("intake.resume", token=token)',
        "replace": 'link = url_for("intake.resume", token=token, _external=True)',
        "tests": [
            "tests/test_security_ids_and_hosts.py::test_resume_link_comes_from_the_public_address_not_a_forged_host"
        ],
    },
    {
        "name": "handout-links-from-public-base-url",
        "protects": "QR codes and source lines use PUBLIC_BASE_URL, never the Host header (case 38)",
        "file": "portal/handouts/service.py",
        "find": '    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")',
        "replace": '    base = __import__("flask").request.host_url.rstrip("/")',
        "tests": [
            "tests/test_security_ids_and_hosts.py::test_handout_qr_code_and_source_line_come_from_the_public_address"
        ],
    },
    {
        "name": "bandit-high-severity",
        "protects": "bandit finds no high-severity issue in portal/ (a weak hash for session tokens)",
        "file": "portal/auth/sessions.py",
        "find": "    return hashlib.sha256(token.encode()).hexdigest()",
        "replace": "    return hashlib.md5(token.encode()).hexdigest()",
        "tests": ["tests/test_security_bandit.py"],
    },
    {
        "name": "account-pages-axe-any-impact",
        "protects": "My account pages have no axe violation of any impact (the QR picture's text)",
        "file": "templates/clinician/account_two_step.html",
        "find": '<img src="{{ qr }}" alt="QR code to add Practice Portal to an authenticator app"',
        "replace": '<img src="{{ qr }}"',
        "tests": ["tests/e2e/test_account_pages.py"],
    },
    {
        "name": "account-pages-fit-320",
        "protects": "the two-step key wraps, so account pages never scroll sideways at 320 px",
        "file": "static/css/site.css",
        "find": "code { overflow-wrap: anywhere; }",
        "replace": "code { white-space: nowrap; }",
        "tests": ["tests/e2e/test_account_pages.py"],
    },
    {
        "name": "typed-fields-refuse-nul",
        "protects": "every typed text field of every form refuses a NUL byte with a message",
        "file": "portal/inputs.py",
        "find": '                unbound_field = with_first(unbound_field, "validators", safe_text)',
        "replace": "                pass",
        "tests": [
            "tests/test_unstorable_characters.py::test_sign_in_refuses_a_nul_byte_with_a_message"
        ],
        "database": "postgresql",
    },
    {
        "name": "hidden-fields-drop-nul",
        "protects": "a hidden field drops a NUL byte, so a tampered `next` still signs in",
        "file": "portal/inputs.py",
        "find": '                unbound_field = with_first(unbound_field, "filters", without_bad_characters)',
        "replace": "                pass",
        "tests": ["tests/test_unstorable_characters.py"],
    },
    {
        "name": "query-text-drops-nul",
        "protects": "the shelf's search words and topic read past a NUL byte (PostgreSQL refuses it)",
        "file": "portal/inputs.py",
        "find": '    return without_bad_characters(request.values.get(name, "")[:limit]).strip()',
        "replace": '    return request.values.get(name, "")[:limit].strip()',
        "tests": [
            "tests/test_unstorable_characters.py::test_shelf_search_and_topic_read_past_a_nul_byte"
        ],
        "database": "postgresql",
    },
    {
        "name": "listed-values-skip-nul",
        "protects": "a chosen slug or id holding a NUL byte is skipped, not sent to PostgreSQL",
        "file": "portal/inputs.py",
        "find": "if not has_bad_characters(value)]",
        "replace": "]",
        "tests": [
            "tests/test_unstorable_characters.py::test_handout_builder_skips_a_slug_with_a_nul_byte"
        ],
        "database": "postgresql",
    },
]
