"""The practice home page and the health check."""
