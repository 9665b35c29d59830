"""Fixtures for the handouts tests."""
