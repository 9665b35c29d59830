"""Mutations that must each make a test fail: the form editor's owner guard, frozen versions,
the rules it relies on, CSRF and the audit of each change."""
# ruff: noqa: E501 - a find must quote the source line exactly, however long

EDITOR = "portal/clinician/forms_editor.py"
TESTS = "tests/test_forms_editor.py"

MUTATIONS = [
    {
        "name": "form-editor-list-owner-only",
        "protects": "only the owner opens the form editor; a clinician gets 403",
        "file": EDITOR,
        "find": "@owner_required\ndef forms():",
        "replace": "def forms():",
        "tests": [f"{TESTS}::test_forms_editor_is_for_the_owner_only"],
    },
    {
        "name": "form-editor-changes-owner-only",
        "protects": "only the owner can change a form; a clinician's POST is 403",
        "file": EDITOR,
        "find": "@owner_required\ndef remove_item(",
        "replace": "def remove_item(",
        "tests": [f"{TESTS}::test_forms_editor_is_for_the_owner_only"],
    },
    {
        "name": "form-editor-published-version-untouched",
        "protects": "a change to a published version starts a new draft, leaving it byte-identical",
        "file": "portal/questionnaires/service.py",
        "find": "    if version.is_published:\n        _no_newer_draft(version)\n        saved = new_draft(",
        "replace": "    if False:\n        _no_newer_draft(version)\n        saved = new_draft(",
        "tests": [
            f"{TESTS}::test_forms_editor_change_to_a_published_version_makes_a_draft_and_leaves_it_alone"
        ],
    },
    {
        "name": "form-editor-question-checked-by-the-rules",
        "protects": "a question whose condition points forward is refused with the rules' sentence",
        "file": EDITOR,
        "find": "            definition.validate(changed)\n"
        "        except (ValueError, definition.DefinitionError) as exc:\n"
        "            _rule_errors(form, exc)",
        "replace": "            pass\n"
        "        except (ValueError, definition.DefinitionError) as exc:\n"
        "            _rule_errors(form, exc)",
        "tests": [f"{TESTS}::test_forms_editor_refuses_a_condition_on_a_later_question"],
    },
    {
        "name": "form-editor-move-checked-by-the-rules",
        "protects": "a move that puts a condition before its question is refused, nothing saved",
        "file": EDITOR,
        "find": "    problems = definition.errors_in(changed)",
        "replace": "    problems = []",
        "tests": [f"{TESTS}::test_forms_editor_refuses_a_move_that_puts_a_condition_first"],
    },
    {
        "name": "form-editor-measure-items-stay-whole",
        "protects": "one item of a measure cannot be removed or moved (the block goes whole)",
        "file": "portal/clinician/forms_editor_edits.py",
        "find": "    if inside_measure(changed, link_id):\n"
        "        raise KeyError(link_id)  # one item",
        "replace": "    if False:\n        raise KeyError(link_id)  # one item",
        "tests": [f"{TESTS}::test_forms_editor_unknown_or_foreign_ids_are_not_found"],
    },
    {
        "name": "form-editor-csrf",
        "protects": "a change posted without the CSRF token is refused and changes nothing",
        "file": EDITOR,
        "find": '@bp.post("/forms/versions/<int:version_id>/remove")\n',
        "replace": '@bp.post("/forms/versions/<int:version_id>/remove")\n'
        '@__import__("portal.extensions").extensions.csrf.exempt\n',
        "tests": [f"{TESTS}::test_forms_editor_posts_need_the_csrf_token"],
    },
    {
        "name": "form-editor-change-audited",
        "protects": "every editor change writes an audit row saying what changed",
        "file": "portal/questionnaires/service.py",
        "find": '    audit.record("form.change", actor_id, "form_version", saved.id, change)',
        "replace": "    pass",
        "tests": [f"{TESTS}::test_forms_editor_owner_builds_a_custom_form_and_publishes_it"],
    },
    {
        "name": "editor-no-second-draft-from-published",
        "protects": "a change on a published version is refused while a newer draft holds changes",
        "file": "portal/questionnaires/service.py",
        "find": "        _no_newer_draft(version)\n",
        "replace": "",
        "tests": ["tests/test_forms_editor.py"],
    },
]
