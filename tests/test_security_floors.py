"""Installed libraries meet the security floors, and pyproject.toml never asks for less.

Each floor is the first release without a known hole that matters here; raising one means
changing it in both places, which this test keeps honest.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent

# distribution: (floor, why)
FLOORS = {
    "weasyprint": ("70.0", "the restrictive URL fetcher and render limits are built on 70's API"),
    "flask": ("3.1.1", "signing with SECRET_KEY_FALLBACKS used the wrong key (CVE-2025-47278)"),
    "werkzeug": ("3.1.3", "safe_join and multipart parsing fixes (CVE-2024-49766, CVE-2024-49767)"),
    "jinja2": ("3.1.6", "sandbox escape through |attr and str.format (CVE-2025-27516)"),
    "cryptography": ("44.0.1", "the bundled OpenSSL's raw public key flaw (CVE-2024-12797)"),
    "lxml": ("5.2", "libxml2 fixes bundled with the 5.2 wheels; XML is parsed on import"),
    "gunicorn": ("23.0", "request smuggling (CVE-2024-1135, CVE-2024-6827)"),
    "pillow": ("10.4", "buffer overflows in image decoders (e.g. CVE-2024-28219)"),
}


def declared_floors() -> dict[str, str]:
    """The `>=` floor of every dependency in pyproject.toml, by lower-case name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    floors = {}
    for spec in project["dependencies"]:
        match = re.match(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)", spec)
        if match:
            floors[match[1].lower()] = match[2]
    return floors


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_installed_library_meets_its_security_floor(name):
    floor, why = FLOORS[name]
    installed = version(name)
    assert Version(installed) >= Version(floor), f"{name} {installed} < {floor}: {why}"


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_pyproject_never_allows_less_than_the_security_floor(name):
    floor, why = FLOORS[name]
    declared = declared_floors().get(name)
    assert declared is not None, f"pyproject.toml has no '{name}>=' floor"
    assert Version(declared) >= Version(floor), f"pyproject allows {name} {declared}: {why}"
