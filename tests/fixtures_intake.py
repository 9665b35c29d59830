"""Fixtures for the intake tests."""
