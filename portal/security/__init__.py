"""Cross-cutting security: access guards, the encryption key ring, the audit trail, headers."""
