"""Fixtures for the shelf tests."""
