"""Mutations that must each make a test fail: mail outbox, backups, retention."""
# ruff: noqa: E501  (test ids and exact source lines are kept whole so they stay searchable)

MUTATIONS = [
    {
        "name": "outbox-unconfigured-smtp-is-not-sent",
        "protects": "without SMTP_URL a notification is printed (development) but never marked sent",
        "file": "portal/mail/transport.py",
        "find": '        raise NotDelivered("no SMTP_URL is set, so nothing was emailed")',
        "replace": "        return",
        "tests": [
            "tests/test_mail_outbox.py::test_outbox_without_smtp_url_prints_mail_to_stderr_and_keeps_it_queued"
        ],
    },
    {
        "name": "outbox-no-recipient-is-not-sent",
        "protects": "an urgent notification with no address to go to stays unsent (and on the dashboard)",
        "file": "portal/mail/transport.py",
        "find": '        raise NotDelivered("no address to send to: set NOTIFY_TO or the practice email")',
        "replace": "        return",
        "tests": [
            "tests/test_mail_outbox.py::test_outbox_urgent_notification_without_an_address_is_not_marked_sent"
        ],
    },
    {
        "name": "outbox-send-lease",
        "protects": "two senders never send one message twice (the lease is taken atomically)",
        "file": "portal/mail/outbox.py",
        "find": "    return result.rowcount == 1",
        "replace": "    return True",
        "tests": [
            "tests/test_mail_outbox.py::test_outbox_a_message_another_sender_holds_or_sent_is_not_sent_again",
            "tests/test_mail_outbox.py::test_outbox_smtp_stopped_mid_burst_every_message_arrives_exactly_once",
        ],
    },
    {
        "name": "outbox-production-never-prints-mail",
        "protects": "at production settings a resume link is never printed or logged",
        "file": "portal/mail/transport.py",
        "find": '    if current_app.config.get("PORTAL_ENV") == "production":',
        "replace": "    if False:",
        "tests": [
            "tests/test_mail_outbox.py::test_outbox_production_without_smtp_never_prints_a_resume_link"
        ],
    },
    {
        "name": "outbox-forgets-resume-address",
        "protects": "a resume email's sealed address and link are emptied once the server accepted it",
        "file": "portal/mail/outbox.py",
        "find": '    message.sealed = ""\n',
        "replace": "",
        "tests": [
            "tests/test_mail_outbox.py::test_outbox_resume_link_waits_for_smtp_then_forgets_the_address"
        ],
    },
    {
        "name": "backup-owner-only",
        "protects": "a backup file is created 0600",
        "file": "portal/ops/backup.py",
        "find": "os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600",
        "replace": "os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644",
        "tests": [
            "tests/test_ops_backup.py::test_backup_file_is_owner_only_and_restores_into_an_empty_instance"
        ],
    },
    {
        "name": "restore-only-into-empty",
        "protects": "restore refuses an instance that already holds data",
        "file": "portal/ops/backup.py",
        "find": "    if filled:\n",
        "replace": "    if False:\n",
        "tests": [
            "tests/test_ops_backup.py::test_backup_refuses_to_overwrite_and_restore_refuses_a_full_instance"
        ],
    },
    {
        "name": "purge-really-deletes",
        "protects": "portal purge deletes what is past its period (not only counts it)",
        "file": "portal/ops/purge.py",
        "find": "        if counts[name] and not dry_run:",
        "replace": "        if False:",
        "tests": [
            "tests/test_ops_purge.py::test_purge_deletes_what_each_period_says_and_is_idempotent"
        ],
    },
    {
        "name": "purge-reads-practice-periods",
        "protects": "purge uses the practice's retention settings, not only the defaults",
        "file": "portal/ops/purge.py",
        "find": "    return {**DEFAULT_RETENTION, **(get_practice().retention or {})}",
        "replace": "    return dict(DEFAULT_RETENTION)",
        "tests": ["tests/test_ops_purge.py::test_purge_reads_the_practice_periods"],
    },
    {
        "name": "purge-checkpoints-wal",
        "protects": "purged answers leave the SQLite WAL as well as the main file",
        "file": "portal/ops/commands.py",
        "find": "        checkpoint()\n",
        "replace": "",
        "tests": ["tests/test_ops_purge.py::test_purged_answers_are_not_left_in_the_database_file"],
    },
    {
        "name": "migrations-foreign-keys-off-in-batch",
        "protects": "SQLite batch rebuilds of a parent table do not cascade-delete its children",
        "file": "migrations/env.py",
        "find": "            _sqlite_foreign_keys(connection, on=False)",
        "replace": "            pass",
        "tests": [
            "tests/test_migrations_upgrade.py::test_batch_rebuild_of_a_parent_table_keeps_its_children"
        ],
    },
    {
        "name": "init-db-backs-up-first",
        "protects": "portal init-db backs up an existing database before migrating it",
        "file": "portal/cli.py",
        "find": "        report = backup_before_upgrade()",
        "replace": "        report = None",
        "tests": [
            "tests/test_migrations_upgrade.py::test_init_db_on_an_existing_database_backs_it_up_first"
        ],
    },
    {
        "name": "workers-share-limits-through-redis",
        "protects": "RATELIMIT_STORAGE_URI (unprefixed) reaches the app, so two gunicorn workers share one sign-in limit",
        "file": "portal/config.py",
        "find": 'UNPREFIXED = ("DATABASE_URL", "RATELIMIT_STORAGE_URI")',
        "replace": 'UNPREFIXED = ("DATABASE_URL",)',
        "tests": [
            "tests/test_ops_workers.py::test_sign_in_limit_holds_across_two_gunicorn_workers",
            "tests/test_ops_servers.py::test_two_servers_share_one_sign_in_limit",
        ],
    },
    {
        "name": "workers-forged-forwarded-for-ignored",
        "protects": "a forged X-Forwarded-For never gives a client a fresh sign-in limit",
        "file": "portal/extensions.py",
        "find": '    return request.remote_addr or "unknown"',
        "replace": '    return request.headers.get("X-Forwarded-For") or request.remote_addr or "unknown"',
        "tests": [
            "tests/test_ops_workers.py::test_forged_forwarded_for_never_resets_the_sign_in_limit"
        ],
    },
    {
        "name": "shelf-cache-keyed-on-last-change",
        "protects": "the cached shelf page is keyed on the shelf's and the settings' last change, so a publish shows at once",
        "file": "portal/shelf/page_cache.py",
        "find": "        key = (*(environ.get(name) for name in KEYED), *self.stamp())",
        "replace": "        key = tuple(environ.get(name) for name in KEYED)",
        "tests": [
            "tests/test_shelf_page_cache.py::test_shelf_page_cache_publishing_shows_at_once",
            "tests/test_shelf_page_cache.py::test_shelf_page_cache_archiving_and_settings_show_at_once",
        ],
    },
    {
        "name": "shelf-cache-sees-topic-changes",
        "protects": "a change to an article's topics alone moves its updated_at, so the shelf stamp sees it",
        "file": "portal/shelf/page_cache.py",
        "find": "            obj.updated_at = utcnow()",
        "replace": "            pass",
        "tests": [
            "tests/test_shelf_page_cache.py::test_shelf_page_cache_topic_change_alone_shows_at_once"
        ],
    },
    {
        "name": "shelf-cache-anonymous-only",
        "protects": "a request with a cookie (a session, a signed-in person) never gets or fills the cached shelf page",
        "file": "portal/shelf/page_cache.py",
        "find": '    if environ.get("HTTP_COOKIE") or environ.get("HTTP_AUTHORIZATION"):\n        return False\n',
        "replace": "",
        "tests": [
            "tests/test_shelf_page_cache.py::test_shelf_page_cache_is_never_shared_with_staff"
        ],
    },
    {
        "name": "restore-postgres-verified-by-counts",
        "protects": "a PostgreSQL restore is refused unless every table holds as many rows as the dump",
        "file": "portal/ops/backup.py",
        "find": "    found = _pg_counts(expected)\n    if found != expected:",
        "replace": "    found = _pg_counts(expected)\n    if False:",
        "tests": [
            "tests/test_ops_restore_postgres.py::test_postgres_restore_that_loses_rows_is_refused"
        ],
        "database": "postgresql",
    },
    {
        "name": "shelf-cache-keyed-on-host",
        "protects": "a forged Host header is refused by the app, never answered from the shelf cache",
        "file": "portal/shelf/page_cache.py",
        "find": '    "HTTP_HOST",\n',
        "replace": "",
        "tests": [
            "tests/test_shelf_page_cache.py::test_shelf_page_cache_never_answers_a_forged_host"
        ],
    },
]
