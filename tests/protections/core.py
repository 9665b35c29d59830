"""Mutations that must each make a test fail: the protections docs/security.md claims today."""
# ruff: noqa: E501 - a find must quote the source line exactly, however long

MUTATIONS = [
    {
        "name": "answers-base64-not-aes-gcm",
        "protects": "intake answers are AES-GCM encrypted, not merely encoded (case 55)",
        "file": "portal/security/crypto.py",
        "find": "sealed = AESGCM(key).encrypt(nonce, plain.encode(), context.encode())",
        "replace": "sealed = plain.encode() + bytes(16)",
        "tests": ["tests/test_crypto.py::test_stored_answers_decode_to_no_plaintext"],
    },
    {
        "name": "row-binding-context-dropped",
        "protects": "a ciphertext opens only in its own row (associated data = row id)",
        "file": "portal/intake/records.py",
        "find": 'return f"intake:{intake_id}"',
        "replace": 'return "intake"',
        "tests": ["tests/test_crypto.py::test_answers_copied_to_another_row_do_not_decrypt"],
    },
    {
        "name": "fetcher-static-containment",
        "protects": "WeasyPrint reads no local file outside static/ (cases 39, 40)",
        "file": "portal/handouts/fetcher.py",
        "find": "    if not resolved.is_relative_to(STATIC_ROOT):\n",
        "replace": "    if False:\n",
        "tests": ["tests/test_handouts_containment.py"],
    },
    {
        "name": "fetcher-redirects-followed",
        "protects": "the fetcher never hands a URL to WeasyPrint's own (network, redirects) (41, 42)",
        "file": "portal/handouts/fetcher.py",
        "find": (
            'super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)\n'
            "            self.blocked: list[str] = []\n"
            "            self.served: list[str] = []\n"
            "\n"
            "        def fetch(self, url, headers=None):\n"
            '            """Resolve through the allowlist; blocked URLs raise, so WeasyPrint skips them."""\n'
            "            try:\n"
            "                body, mime, canonical = resolve(url)\n"
            "            except (BlockedURL, OSError, ValueError) as exc:\n"
            "                self.blocked.append(url[:200])\n"
            '                raise BlockedURL(f"blocked resource: {exc}") from None\n'
        ),
        "replace": (
            "super().__init__()\n"
            "            self.blocked: list[str] = []\n"
            "            self.served: list[str] = []\n"
            "\n"
            "        def fetch(self, url, headers=None):\n"
            '            """Mutated: anything outside the allowlist goes to the default fetcher."""\n'
            "            try:\n"
            "                body, mime, canonical = resolve(url)\n"
            "            except (BlockedURL, OSError, ValueError):\n"
            "                self.blocked.append(url[:200])\n"
            "                return super().fetch(url, headers)\n"
        ),
        "tests": ["tests/test_handouts_security.py"],
    },
    {
        "name": "presentational-hints-on",
        "protects": "presentational_hints stays off for untrusted HTML (case 43, CVE-2026-49452)",
        "file": "portal/handouts/worker.py",
        "find": "presentational_hints=False,",
        "replace": "presentational_hints=True,",
        "tests": [
            "tests/test_handouts_containment.py::test_html_presentational_attributes_never_style_a_pdf"
        ],
    },
    {
        "name": "render-depth-limit",
        "protects": "deeply nested documents are refused before rendering (case 45)",
        "file": "portal/handouts/engine.py",
        "find": "        if depth > MAX_DEPTH:\n",
        "replace": "        if False:\n",
        "tests": [
            "tests/test_handouts_containment.py::test_deep_nesting_is_refused_before_it_reaches_weasyprint"
        ],
    },
    {
        "name": "render-source-size-limit",
        "protects": "oversized documents are refused before rendering (case 46)",
        "file": "portal/handouts/engine.py",
        "find": 'if len(html.encode("utf-8")) > MAX_SOURCE_BYTES:',
        "replace": "if False:",
        "tests": ["tests/test_handouts_security.py"],
    },
    {
        "name": "render-memory-cap",
        "protects": "the render worker runs under an address-space cap (case 46)",
        "file": "portal/handouts/worker.py",
        "find": "resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))",
        "replace": "pass",
        "tests": ["tests/test_handouts_security.py"],
    },
    {
        "name": "cache-key-layout-version",
        "protects": "a new print layout never serves a PDF cached under the old one",
        "file": "portal/handouts/engine.py",
        "find": 'str(context.get("paper")), practice, layout_version())',
        "replace": 'str(context.get("paper")), practice)',
        "tests": ["tests/test_handouts_containment.py"],
    },
    {
        "name": "cache-key-content",
        "protects": "changed article content is never served stale from the cache",
        "file": "portal/handouts/service.py",
        "find": 'raw = json.dumps([content, visible, context["given_on"]], sort_keys=True, default=str)',
        "replace": 'raw = json.dumps([visible, context["given_on"]], sort_keys=True, default=str)',
        "tests": ["tests/test_handouts_views.py"],
    },
    {
        "name": "csrf-off",
        "protects": "every POST needs a CSRF token (cases 2-4)",
        "file": "portal/__init__.py",
        "find": "    csrf.init_app(app)\n",
        "replace": "",
        "tests": ["tests/test_security_headers.py::test_missing_csrf_token_gets_friendly_400"],
    },
    {
        "name": "staff-guard-get-and-post",
        "protects": "anonymous visitors to any staff route go to sign-in (case 30)",
        "file": "portal/security/access.py",
        "find": "    if not current_user.is_authenticated:\n        return redirect(",
        "replace": "    if False:\n        return redirect(",
        "tests": ["tests/test_access.py"],
    },
    {
        "name": "staff-guard-post-only",
        "protects": "the staff guard answers POSTs too, not only CSRF (case 30, issue walk)",
        "file": "portal/security/access.py",
        "find": "    if not current_user.is_authenticated:\n        return redirect(",
        "replace": '    if not current_user.is_authenticated and request.method == "GET":\n        return redirect(',
        "tests": [
            "tests/test_access.py::test_every_staff_route_and_method_requires_sign_in_even_with_a_valid_csrf_token"
        ],
    },
    {
        "name": "owner-only-guard",
        "protects": "clinicians get 403 on owner pages (settings, users, audit log)",
        "file": "portal/security/access.py",
        "find": "if not current_user.is_authenticated or not current_user.is_owner:",
        "replace": "if not current_user.is_authenticated:",
        "tests": ["tests/test_access.py", "tests/test_clinician_audit.py"],
    },
    {
        "name": "assigned-only-mode",
        "protects": "in assigned-only mode a clinician cannot open another's intake (case 31)",
        "file": "portal/clinician/service.py",
        "find": "if assigned_only(user) and intake.assigned_to_id != user.id:",
        "replace": "if False:",
        "tests": [
            "tests/test_clinician_detail.py::test_assigned_only_mode_hides_other_peoples_intakes"
        ],
    },
    {
        "name": "audit-hmac-keyed",
        "protects": "audit rows are HMAC'd with a key outside the database (case 66)",
        "file": "portal/security/audit.py",
        "find": "return lambda content: hmac.new(secret, content, hashlib.sha256).hexdigest()",
        "replace": "return lambda content: hashlib.sha256(content).hexdigest()",
        "tests": [
            "tests/test_audit_chain.py::test_an_edited_row_with_the_chain_recomputed_is_found"
        ],
    },
    {
        "name": "audit-hash-object-id",
        "protects": "the audit hash covers object_id (case 53)",
        "file": "portal/security/audit.py",
        "find": '        "object_id": row.object_id,\n',
        "replace": "",
        "tests": ["tests/test_audit_chain.py::test_tampering_with_any_hashed_column_is_found"],
    },
    {
        "name": "audit-hash-detail",
        "protects": "the audit hash covers detail (case 53)",
        "file": "portal/security/audit.py",
        "find": '        "detail": row.detail,\n',
        "replace": "",
        "tests": ["tests/test_audit_chain.py::test_tampering_with_any_hashed_column_is_found"],
    },
    {
        "name": "audit-hash-actor-and-time",
        "protects": "the audit hash covers who and when (case 53)",
        "file": "portal/security/audit.py",
        "find": '        "actor_id": row.actor_id,\n',
        "replace": "",
        "tests": ["tests/test_audit_chain.py::test_tampering_with_any_hashed_column_is_found"],
    },
    {
        "name": "audit-head-truncation",
        "protects": "deleting the newest audit rows is found through the head file (case 66)",
        "file": "portal/security/audit.py",
        "find": "if head is not None and (last_id < head[0] or at_head not in (None, head[1])):",
        "replace": "if False:",
        "tests": ["tests/test_audit_chain.py::test_deleting_the_newest_rows_is_found"],
    },
    {
        "name": "audit-head-never-backwards",
        "protects": "concurrent writers never move the head file backwards (case 66)",
        "file": "portal/security/audit_head.py",
        "find": "if current is None or current[0] < row_id:",
        "replace": "if True:",
        "tests": ["tests/test_audit_chain.py::test_the_head_file_never_moves_backwards"],
    },
    {
        "name": "argon2-params-weakened",
        "protects": "passwords are argon2id, rehashed when parameters change",
        "file": "portal/auth/service.py",
        "find": "        user.password_hash = passwords.hash_password(password)\n",
        "replace": "        pass\n",
        "tests": [
            "tests/test_auth.py::test_passwords_are_argon2id_and_rehashed_when_parameters_change"
        ],
    },
    {
        "name": "password-min-length",
        "protects": "passwords shorter than 12 characters are refused",
        "file": "portal/auth/passwords.py",
        "find": "    if len(password) < minimum:\n",
        "replace": "    if False:\n",
        "tests": ["tests/test_auth.py::test_password_policy_refuses_with_a_reason"],
    },
    {
        "name": "common-password-list",
        "protects": "the 20,000 most common passwords are refused",
        "file": "portal/auth/passwords.py",
        "find": "    if password.casefold() in _common_passwords():\n",
        "replace": "    if False:\n",
        "tests": ["tests/test_auth.py::test_password_policy_refuses_with_a_reason"],
    },
    {
        "name": "totp-window-widened",
        "protects": "TOTP codes more than one step away are refused (case 23)",
        "file": "portal/auth/factor.py",
        "find": "for step in (now_step - 1, now_step, now_step + 1):",
        "replace": "for step in range(now_step - 3, now_step + 4):",
        "tests": ["tests/test_auth.py::test_totp_codes_two_steps_away_are_refused"],
    },
    {
        "name": "totp-replay",
        "protects": "each TOTP code is accepted once (case 62)",
        "file": "portal/auth/factor.py",
        "find": "    if result.rowcount != 1:\n        return False\n    user.totp_last_step = step",
        "replace": "    user.totp_last_step = step",
        "tests": ["tests/test_auth.py::test_totp_enrolment_then_sign_in_needs_a_fresh_code"],
    },
    {
        "name": "login-soft-lock",
        "protects": "an account soft-locks after repeated failures (case 19)",
        "file": "portal/auth/service.py",
        "find": '    if user.failed_login_count >= config["LOGIN_LOCK_THRESHOLD"]:\n',
        "replace": "    if False:\n",
        "tests": [
            "tests/test_auth_sessions.py::test_soft_lock_after_repeated_failures_expires_by_itself"
        ],
    },
    {
        "name": "login-throttle-per-address",
        "protects": "sign-in is limited per address (case 19)",
        "file": "portal/auth/views.py",
        "find": '@limiter.limit(_login_limit, methods=["POST"])\ndef login():',
        "replace": "def login():",
        "tests": [
            "tests/test_auth_sessions.py::test_per_ip_throttle_answers_429_with_a_friendly_page"
        ],
    },
    {
        "name": "session-revocation",
        "protects": "a revoked server-side session no longer signs anyone in (cases 25, 68)",
        "file": "portal/auth/sessions.py",
        "find": "if row is None or row.revoked_at is not None or row.user_id != user_id:",
        "replace": "if row is None or row.user_id != user_id:",
        "tests": ["tests/test_auth_sessions.py::test_logout_invalidates_the_cookie_server_side"],
    },
    {
        "name": "session-idle-timeout",
        "protects": "staff sessions end after the idle timeout (case 68)",
        "file": "portal/auth/sessions.py",
        "find": 'if now - row.last_seen_at > config["STAFF_IDLE_TIMEOUT"]:',
        "replace": "if False:",
        "tests": ["tests/test_auth_sessions.py::test_idle_timeout_after_30_minutes"],
    },
    {
        "name": "open-redirect-next",
        "protects": "next= only ever goes to a local path (case 28)",
        "file": "portal/auth/redirects.py",
        "find": 'if "\\\\" in candidate or not candidate.startswith("/") or candidate.startswith("//"):',
        "replace": "if False:",
        "tests": ["tests/test_auth_sessions.py"],
    },
    {
        "name": "sqlite-secure-delete",
        "protects": "deleted answers are overwritten in the SQLite file (case 56)",
        "file": "portal/db.py",
        "find": '    "PRAGMA secure_delete=ON",\n',
        "replace": "",
        "tests": ["tests/test_sqlite_settings.py"],
    },
    {
        "name": "sqlite-synchronous-full",
        "protects": "SQLite commits are durable: synchronous=FULL (case 9)",
        "file": "portal/db.py",
        "find": '    "PRAGMA synchronous=FULL",\n',
        "replace": "",
        "tests": ["tests/test_sqlite_settings.py"],
    },
    {
        "name": "sqlite-begin-immediate",
        "protects": "write transactions begin IMMEDIATE, so concurrent submits never fail (cases 5, 6)",
        "file": "portal/db.py",
        "find": 'conn.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")',
        "replace": 'conn.exec_driver_sql("BEGIN")',
        "tests": ["tests/test_intake_concurrency.py"],
    },
    {
        "name": "honeypot-quarantine",
        "protects": "a filled honeypot quarantines the intake (case 16)",
        "file": "portal/intake/flow.py",
        "find": '    if data.get("spam") or form.website.data:\n',
        "replace": "    if False:\n",
        "tests": [
            "tests/test_intake_submit.py::test_intake_honeypot_is_quarantined_with_the_same_confirmation"
        ],
    },
    {
        "name": "no-store-on-private-pages",
        "protects": "staff, sign-in and intake pages are Cache-Control: no-store (case 49)",
        "file": "portal/security/headers.py",
        "find": '        headers["Cache-Control"] = "no-store"\n',
        "replace": "        pass\n",
        "tests": ["tests/test_security_headers.py"],
    },
    {
        "name": "csp-header",
        "protects": "every response carries the CSP (case 49)",
        "file": "portal/security/headers.py",
        "find": '    headers["Content-Security-Policy"] = CSP\n',
        "replace": "",
        "tests": ["tests/test_security_headers.py::test_headers_on_every_route_anonymous"],
    },
    {
        "name": "nosniff-header",
        "protects": "every response carries X-Content-Type-Options: nosniff (case 49)",
        "file": "portal/security/headers.py",
        "find": '    headers["X-Content-Type-Options"] = "nosniff"\n',
        "replace": "",
        "tests": ["tests/test_security_headers.py::test_headers_on_every_route_anonymous"],
    },
    {
        "name": "nh3-sanitiser",
        "protects": "article HTML is cleaned by nh3 after Markdown (cases 33, 34)",
        "file": "portal/shelf/markdown.py",
        "find": "        tags=ALLOWED_TAGS,\n",
        "replace": "        tags=ALLOWED_TAGS | {'script', 'iframe', 'object', 'form'},\n",
        "tests": ["tests/test_shelf_pages.py", "tests/test_shelf_curation.py"],
    },
    {
        "name": "notification-carries-no-client-data",
        "protects": "the practice notification says only that an enquiry arrived (case 8, privacy)",
        "file": "portal/intake/notify.py",
        "find": '        "For privacy, this email never contains anything the person wrote.\\n"\n',
        "replace": '        "For privacy, this email never contains anything the person wrote.\\n"\n        f"Latest enquiry: {db.session.scalar(select(OutboxMessage.id).limit(1))}\\n"\n',
        "tests": ["tests/test_intake_email_privacy.py"],
    },
    {
        "name": "resume-link-never-logged",
        "protects": "the resume link, a secret, is never written to the log",
        "file": "portal/mail/outbox.py",
        "find": "        _failed(message, str(exc))",
        "replace": '        _failed(message, f"{exc} to={to} body={body}")',
        "tests": ["tests/test_intake_email_privacy.py::test_the_resume_link_is_never_logged"],
    },
    {
        "name": "production-guard-audit-key",
        "protects": "production refuses to start without an audit key (case 51, 66)",
        "file": "portal/config.py",
        "find": "if len(audit_key) < 32 or audit_key.lower() in KNOWN_WEAK_SECRETS:",
        "replace": "if False:",
        "tests": [
            "tests/test_audit_chain.py::test_production_refuses_to_start_without_an_audit_key"
        ],
    },
    {
        "name": "production-guard-secret-key",
        "protects": "production refuses a missing or weak secret key (case 51)",
        "file": "portal/config.py",
        "find": "elif len(secret) < 32 or secret.lower() in KNOWN_WEAK_SECRETS:",
        "replace": "elif False:",
        "tests": ["tests/test_security_headers.py::test_production_guard_refuses_unsafe_settings"],
    },
    # Cases of the security test list that had a test but no mutation yet.
    {
        "name": "csrf-off-cross-session",
        "protects": "a CSRF token from another session is refused (case 3)",
        "file": "portal/__init__.py",
        "find": "    csrf.init_app(app)\n",
        "replace": "",
        "tests": [
            "tests/test_auth_account.py::test_case_3_csrf_token_from_another_session_is_refused"
        ],
    },
    {
        "name": "intake-min-fill-time",
        "protects": "an intake sent faster than a person could is quarantined (case 17)",
        "file": "portal/intake/flow.py",
        "find": '    if now - started < current_app.config.get("INTAKE_MIN_FILL_SECONDS", 3):\n        return "too_fast"',
        "replace": '    if False:\n        return "too_fast"',
        "tests": [
            "tests/test_intake_submit.py::test_intake_fast_or_tampered_timestamp_is_quarantined"
        ],
    },
    {
        "name": "intake-submit-rate-limit",
        "protects": "the sixth submission from one address within an hour is a friendly 429 (case 18)",
        "file": "portal/intake/views.py",
        "find": 'lambda: current_app.config.get("INTAKE_SUBMIT_LIMIT", "5 per hour"), methods=["POST"]',
        "replace": 'lambda: "1000 per hour", methods=["POST"]',
        "tests": ["tests/test_intake_submit.py::test_intake_submit_rate_limit_sixth_is_429"],
    },
    {
        "name": "login-clears-pre-login-session",
        "protects": "signing in starts a new session; pre-login keys are dropped (case 24)",
        "file": "portal/auth/views.py",
        "find": '    """Start a fresh session (never reuse the pre-login one) for a fully signed-in user."""\n    session.clear()\n',
        "replace": '    """Start a fresh session (never reuse the pre-login one) for a fully signed-in user."""\n',
        "tests": [
            "tests/test_auth.py::test_pre_login_session_keys_are_cleared",
            "tests/test_auth.py::test_login_starts_a_new_session_each_time",
        ],
    },
    {
        "name": "session-cookie-httponly",
        "protects": "the session cookie is HttpOnly (case 50)",
        "file": "portal/config.py",
        "find": "    SESSION_COOKIE_HTTPONLY = True",
        "replace": "    SESSION_COOKIE_HTTPONLY = False",
        "tests": [
            "tests/test_security_headers.py::test_session_cookie_is_httponly_and_lax",
            "tests/test_security_headers.py::test_production_session_cookie_flags_on_the_wire",
        ],
    },
    {
        "name": "no-stray-safe-filter",
        "protects": "only sanitised article HTML is marked safe in a template (case 36)",
        "file": "templates/intake/saved.html",
        "find": '<a href="{{ link }}" id="resume-link">{{ link }}</a>',
        "replace": '<a href="{{ link }}" id="resume-link">{{ link|safe }}</a>',
        "tests": ["tests/test_escaping.py::test_safe_filter_only_on_sanitised_article_html"],
    },
    {
        "name": "intake-name-escaped-on-detail",
        "protects": "markup typed into an intake shows as text to staff (case 32)",
        "file": "templates/clinician/intake.html",
        "find": '<span class="h1-name">{{ d.name }}</span>',
        "replace": '<span class="h1-name">{{ d.name|safe }}</span>',
        "tests": ["tests/test_clinician_detail.py::test_detail_shows_markup_in_answers_as_text"],
    },
    {
        "name": "resume-token-stored-hashed",
        "protects": "only a hash of a resume token is stored, so a database copy resumes nothing (case 14)",
        "file": "portal/intake/service.py",
        "find": "    return hashlib.sha256(token.encode()).hexdigest()",
        "replace": "    return token",
        "tests": [
            "tests/test_intake_drafts.py::test_intake_draft_is_encrypted_and_token_only_hashed"
        ],
    },
    {
        "name": "phq9-item9-flags-urgent",
        "protects": "PHQ-9 item 9 above zero flags the intake urgent, not only the direct question (case 15)",
        "file": "portal/intake/service.py",
        "find": '    urgent = any(final["flags"].values())',
        "replace": '    urgent = final["flags"]["safety_question"]',
        "tests": [
            "tests/test_intake_submit.py::test_intake_phq9_item9_shows_help_and_flags_urgent"
        ],
    },
    {
        "name": "session-absolute-timeout",
        "protects": "a staff session ends 12 hours after sign-in even when in use (case 27)",
        "file": "portal/auth/sessions.py",
        "find": '    if now - row.created_at > config["STAFF_ABSOLUTE_TIMEOUT"]:\n        return None\n',
        "replace": "",
        "tests": [
            "tests/test_auth_sessions.py::test_absolute_timeout_after_12_hours_even_when_active"
        ],
    },
    {
        "name": "consent-read-again-when-changed",
        "protects": "consent given to an older consent text must be given again (case 70)",
        "file": "portal/intake/views.py",
        "find": "if consent and form.text_sha256.data != flow.consent_hash(shown):",
        "replace": "if False:",
        "tests": [
            "tests/test_intake_submit.py::test_intake_consent_must_be_read_again_when_the_text_changed"
        ],
    },
    {
        "name": "oversize-request-413",
        "protects": "a request over 1 MB gets the friendly 413 page (case 11)",
        "file": "portal/config.py",
        "find": "    MAX_CONTENT_LENGTH = 1024 * 1024\n    MAX_FORM_MEMORY_SIZE = 1024 * 1024\n",
        "replace": "    MAX_CONTENT_LENGTH = None\n    MAX_FORM_MEMORY_SIZE = None\n",
        "tests": ["tests/test_intake_validation.py::test_intake_oversize_post_gets_friendly_413"],
    },
    {
        "name": "expired-csrf-keeps-answers",
        "protects": "an expired CSRF token re-shows the page with what was typed (case 4)",
        "file": "portal/intake/views.py",
        "find": "@bp.errorhandler(CSRFError)\ndef csrf_expired(error: CSRFError):",
        "replace": "def csrf_expired(error: CSRFError):",
        "tests": [
            "tests/test_intake_validation.py::test_intake_expired_csrf_token_keeps_answers_then_saves"
        ],
    },
    {
        "name": "no-answers-in-log-lines",
        "protects": "a failed intake request never writes what was typed to the log (case 54)",
        "file": "portal/intake/views.py",
        "find": 'log.warning("csrf_failure route=%s ip=%s", request.path, request.remote_addr)',
        "replace": 'log.warning("csrf_failure route=%s ip=%s %s", request.path, request.remote_addr, dict(request.form))',
        "tests": [
            "tests/test_logs.py::test_canary_intake_with_failures_leaves_no_client_data_in_any_log_line"
        ],
    },
]
