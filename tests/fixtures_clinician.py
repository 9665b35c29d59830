"""Fixtures for the clinician tests."""
