"""Mutations that must each make a test fail: sign-in, second factor, sessions and accounts."""
# ruff: noqa: E501  (long source snippets are data: they must match the code exactly)

MUTATIONS = [
    {
        "name": "totp-setup-only-without-a-factor",
        "protects": "no enrolment from the half-signed-in state of an enrolled account (issue 11.1, case 23)",
        "file": "portal/auth/views.py",
        "find": 'user = _pending_user("enrol")\n    if user is None or user.has_totp:',
        "replace": 'user = _pending_user("enrol") or _pending_user("totp")\n    if user is None:',
        "tests": [
            "tests/test_auth_factor.py::test_half_signed_in_enrolled_account_cannot_enrol_a_new_factor"
        ],
    },
    {
        "name": "re-enrol-needs-recent-second-factor",
        "protects": "replacing a factor needs a recent sign-in that proved the current one (issue 11.1)",
        "file": "portal/auth/sessions.py",
        "find": "return row.second_factor_at is not None and now - row.second_factor_at <= window",
        "replace": "return True",
        "tests": [
            "tests/test_auth_factor.py::test_signed_in_session_re_enrols_only_after_a_recent_code",
            "tests/test_auth_factor.py::test_a_browser_signed_in_before_enrolment_cannot_replace_the_factor",
        ],
    },
    {
        "name": "factor-replacement-emails-the-account-holder",
        "protects": "replacing a factor emails the account holder, with no client data (issue 11.1)",
        "file": "portal/clinician/account.py",
        "find": "    message = factor.queue_factor_changed(me) if replaced else None",
        "replace": "    message = None",
        "tests": [
            "tests/test_auth_factor.py::test_signed_in_session_re_enrols_only_after_a_recent_code"
        ],
    },
    {
        "name": "per-account-second-factor-limit",
        "protects": "wrong codes from every address together soft-lock the account (issue 11.3)",
        "file": "portal/auth/factor.py",
        "find": "    if limiter.limiter.test(limit, *_limit_key(user.id)):\n        return False",
        "replace": "    if True:\n        return False",
        "tests": [
            "tests/test_auth_factor.py::test_second_factor_guessing_is_limited_per_account",
            "tests/test_auth_factor.py::test_the_per_account_limit_is_shared_between_workers_through_redis",
        ],
    },
    {
        "name": "locked-account-refuses-the-right-code",
        "protects": "while soft-locked even the right code is refused (issue 11.3)",
        "file": "portal/auth/views.py",
        "find": "kind = None if factor.is_locked(user) else factor.check_second_factor(user, form.code.data)",
        "replace": "kind = factor.check_second_factor(user, form.code.data)",
        "tests": ["tests/test_auth_factor.py::test_second_factor_guessing_is_limited_per_account"],
    },
    {
        "name": "totp-code-used-once-across-workers",
        "protects": "a TOTP code is accepted once, the step kept on the user row (issue 11.3, case 23)",
        "file": "portal/auth/factor.py",
        "find": "or_(User.totp_last_step.is_(None), User.totp_last_step < step),",
        "replace": "True,",
        "tests": [
            "tests/test_auth_factor.py::test_a_code_accepted_by_one_worker_is_refused_by_another"
        ],
    },
    {
        "name": "recovery-code-single-use",
        "protects": "a recovery code works once (case 23)",
        "file": "portal/auth/factor.py",
        "find": "            RecoveryCode.used_at.is_(None),\n        )\n        .values(used_at=utcnow())",
        "replace": "        )\n        .values(used_at=utcnow())",
        "tests": ["tests/test_auth_account.py::test_recovery_codes_are_hashed_and_work_once"],
    },
    {
        "name": "reauthenticate-throttled",
        "protects": "re-authentication has the sign-in per-address limit (issue 11.6)",
        "file": "portal/auth/views.py",
        "find": '@staff_required\n@limiter.limit(_login_limit, methods=["POST"])',
        "replace": "@staff_required",
        "tests": [
            "tests/test_auth_account.py::test_reauthenticate_is_throttled_and_audited_like_sign_in"
        ],
    },
    {
        "name": "reauthenticate-audited",
        "protects": "a wrong password at re-authentication is audited and counts to the lock (11.6)",
        "file": "portal/auth/service.py",
        "find": '        _note_failure(user, now, reason="reauthenticate")\n',
        "replace": "",
        "tests": [
            "tests/test_auth_account.py::test_reauthenticate_is_throttled_and_audited_like_sign_in"
        ],
    },
    {
        "name": "session-rotated-on-privilege-change",
        "protects": "re-authentication gives a new session id; the old one dies (issue 11.9)",
        "file": "portal/auth/sessions.py",
        "find": "    row.revoked_at = now\n    db.session.add(",
        "replace": "    db.session.add(",
        "tests": ["tests/test_auth_account.py::test_reauthentication_rotates_the_session_id"],
    },
    {
        "name": "copied-cookie-not-fresh",
        "protects": "a cookie used with another User-Agent is refused on exports and recent-sign-in routes (case 29)",
        "file": "portal/auth/loader.py",
        "find": 'g.session_bound = sessions.is_bound(row, request.headers.get("User-Agent"))',
        "replace": "g.session_bound = True",
        "tests": [
            "tests/test_auth_account.py::test_case_29_copied_cookie_in_another_browser_is_not_fresh"
        ],
    },
    {
        "name": "password-change-needs-current-password",
        "protects": "changing my password needs the current one (issue 11.11)",
        "file": "portal/clinician/account.py",
        "find": "if not service.check_current_password(me, form.current_password.data):",
        "replace": "if False:",
        "tests": [
            "tests/test_auth_account.py::test_change_my_password_needs_the_current_one_and_ends_other_sessions"
        ],
    },
    {
        "name": "password-change-ends-other-sessions",
        "protects": "a password change signs every other browser out (issue 11.11, case 26)",
        "file": "portal/auth/service.py",
        "find": "    user.must_change_password = False\n    sessions.revoke_all(user.id)",
        "replace": "    user.must_change_password = False",
        "tests": [
            "tests/test_auth_account.py::test_change_my_password_needs_the_current_one_and_ends_other_sessions"
        ],
    },
    {
        "name": "forced-password-change",
        "protects": "after an owner reset only the password page opens (issue 11.11)",
        "file": "portal/security/access.py",
        "find": "if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:",
        "replace": "if False:",
        "tests": [
            "tests/test_auth_account.py::test_owner_reset_forces_a_new_password_and_keeps_the_second_factor"
        ],
    },
    {
        "name": "sign-out-everywhere",
        "protects": "sign out everywhere ends every session of the account (issue 11.9)",
        "file": "portal/clinician/account.py",
        "find": "    ended = sessions.revoke_all(me.id)",
        "replace": "    ended = 0",
        "tests": [
            "tests/test_auth_account.py::test_account_page_shows_time_outs_and_signs_out_everywhere"
        ],
    },
]
