"""Mutations that must each make a test fail: staff workspace settings, layout and times."""

MUTATIONS = [
    {
        "name": "settings-form-from-plain-data",
        "protects": "the settings form shows service areas one per line, not a Python list repr",
        "file": "portal/clinician/settings.py",
        "find": '"service_areas": "\\n".join(p.service_areas or []),',
        "replace": '"service_areas": p.service_areas,',
        "tests": ["tests/test_clinician_settings_roundtrip.py"],
    },
    {
        "name": "settings-textareas-store-lf",
        "protects": "an unedited settings save keeps multi-line texts byte for byte (CR LF to LF)",
        "file": "portal/clinician/forms.py",
        "find": '.replace("\\r\\n", "\\n").replace("\\r", "\\n") if',
        "replace": " if",
        "tests": [
            "tests/test_clinician_settings_roundtrip.py::test_saving_settings_untouched_keeps_every_value"
        ],
    },
    {
        "name": "quiet-focus-outline",
        "protects": "script/skip-link focus targets get an outline, not a yellow background",
        "file": "static/css/site.css",
        "find": "[tabindex]:focus-visible { outline: 3px solid var(--focus); outline-offset: 0; }",
        "replace": "[tabindex]:focus-visible { background-color: var(--focus); }",
        "tests": ["tests/e2e/test_focus.py"],
    },
]
