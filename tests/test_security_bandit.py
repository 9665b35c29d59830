"""Static analysis: bandit finds nothing of high severity in the application package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bandit_reports_no_high_severity_finding():
    done = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", "portal", "-f", "json", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout)
    assert not report["errors"], report["errors"]
    assert report["metrics"]["_totals"]["loc"] > 1000  # it really read the package
    high = [
        f"{item['filename']}:{item['line_number']} {item['test_id']} {item['issue_text']}"
        for item in report["results"]
        if item["issue_severity"] == "HIGH"
    ]
    assert high == []
