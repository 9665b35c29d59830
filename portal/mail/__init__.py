"""Outgoing email: a persisted outbox (sent after commit, retried) and the SMTP transport."""
