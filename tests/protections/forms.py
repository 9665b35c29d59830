"""Mutations that must each make a test fail: form definitions, frozen versions, safety."""

CUSTOM = "tests/test_intake_custom_form.py::"  # the practice's own form, end to end
COUPLE = "tests/test_intake_couple_form.py::"  # a couple's two parts
SHORT = "tests/test_intake_short_form.py::"  # a short enquiry and its full form

MUTATIONS = [
    {
        "name": "published-form-version-frozen",
        "protects": "a published form version is never changed, even by a direct column write",
        "file": "portal/models/forms.py",
        "find": '    if "published" in was:',
        "replace": "    if False:",
        "tests": [
            "tests/test_forms_versions.py::test_forms_versions_published_row_cannot_change_even_by_a_careless_caller"
        ],
    },
    {
        "name": "form-condition-points-backwards",
        "protects": "an enableWhen that points at a later item is refused with a sentence",
        "file": "portal/questionnaires/rules.py",
        "find": "    if target not in earlier:\n",
        "replace": "    if target not in earlier and False:\n",
        "tests": [
            "tests/test_forms_definition.py::test_forms_definition_condition_must_point_at_an_earlier_item"
        ],
    },
    {
        "name": "form-needs-safety-question-to-publish",
        "protects": "a form without the safety question cannot be published",
        "file": "portal/questionnaires/rules.py",
        "find": "        return [NO_SAFETY] if publishing else []",
        "replace": "        return []",
        "tests": [
            "tests/test_forms_definition.py::test_forms_definition_safety_question_needed_only_to_publish",
            "tests/test_forms_versions.py::test_forms_versions_publishing_needs_the_safety_question",
        ],
    },
    {
        "name": "measure-item-never-conditional",
        "protects": "a scored measure item cannot be given a condition by the form author",
        "file": "portal/questionnaires/rules.py",
        "find": 'if name in scored and child.get("enableWhen"):',
        "replace": "if False:",
        "tests": [
            "tests/test_forms_definition.py::test_forms_definition_measure_item_cannot_be_made_conditional"
        ],
    },
    {
        "name": "measure-block-as-the-library-gives-it",
        "protects": "a measure block is the library's own: no condition, option or word changed",
        "file": "portal/questionnaires/rules.py",
        "find": "            errors += _check_measure_block(item)",
        "replace": "            errors += []",
        "tests": [
            "tests/test_forms_definition.py::test_forms_definition_measure_block_cannot_be_hidden_or_made_optional_or_reworded"
        ],
    },
    # --- the journey from the published form version (intake answers its version) ---
    {
        "name": "intake-records-its-form-version",
        "protects": "a submitted intake records the form url and version it answered",
        "file": "portal/intake/service.py",
        "find": "    intake.form_url, intake.form_version = journey.url, journey.version\n",
        "replace": "",
        "tests": [
            "tests/test_intake_form_version.py::test_intake_records_the_form_version_it_answered"
        ],
    },
    {
        "name": "detail-shows-the-answered-versions-wording",
        "protects": "the detail page shows each answer with the question text of its version",
        "file": "portal/clinician/review.py",
        "find": "    return version_of(intake.form_url, intake.form_version)",
        "replace": "    from portal.intake.journey import current\n\n    return current()",
        "tests": [
            "tests/test_intake_form_version.py::test_reworded_version_leaves_earlier_intake_with_its_own_wording"
        ],
    },
    {
        "name": "safety-risk-from-the-definition",
        "protects": "the question the safety extension marks shows help at once and flags urgent",
        "file": "portal/intake/journey.py",
        "find": "for i in questions if rules.extension(i, rules.SAFETY)),",
        "replace": "for i in questions if False),",
        "tests": [
            "tests/test_intake_form_version.py::test_risk_answer_of_a_new_version_shows_help_and_flags_urgent"
        ],
    },
    {
        "name": "measure-risk-from-the-definition",
        "protects": "a risk item of the page's measure (PHQ-9 item 9) shows help at once",
        "file": "portal/intake/journey.py",
        "find": "    return safety_yes(step, section) or measure_risk(step, section)",
        "replace": "    return safety_yes(step, section)",
        "tests": [
            "tests/test_intake_submit.py::test_intake_phq9_item9_shows_help_and_flags_urgent"
        ],
    },
    {
        "name": "shown-only-if-needed-then",
        "protects": "a required question shown only if is refused empty once its condition holds",
        "file": "portal/questionnaires/render.py",
        "find": "        for name in [n for n in self.CONDITIONS if not self.asks(n)]:",
        "replace": "        for name in list(self.CONDITIONS):",
        "tests": [CUSTOM + "test_a_question_shown_only_if_is_required_only_then"],
    },
    {
        "name": "custom-required-has-a-message",
        "protects": "a required question of the practice's own is required (a default message)",
        "file": "portal/questionnaires/render.py",
        "find": "rules.REQUIRED_MESSAGE) or _default_message(item)",
        "replace": "rules.REQUIRED_MESSAGE)",
        "tests": [CUSTOM + "test_a_question_shown_only_if_is_required_only_then"],
    },
    {
        "name": "stale-answers-pruned",
        "protects": "changing an earlier answer drops the answers that no longer apply",
        "file": "portal/intake/flow.py",
        "find": "        for key in stale & section.keys():\n            del section[key]",
        "replace": "        pass",
        "tests": [CUSTOM + "test_changing_an_earlier_answer_drops_what_no_longer_applies"],
    },
    {
        "name": "skipped-page-left-out",
        "protects": "a page whose every question depends on an unmet answer is skipped",
        "file": "portal/intake/flow.py",
        "find": "        and not (answers is not None and journey.skips(s, answers))",
        "replace": "",
        "tests": [CUSTOM + "test_a_question_shown_only_if_is_required_only_then"],
    },
    {
        "name": "pages-share-a-section",
        "protects": "two pages of custom questions keep each other's answers (one section)",
        "file": "portal/intake/flow.py",
        "find": "    section = {**kept, **answers}",
        "replace": "    section = dict(answers)",
        "tests": [CUSTOM + "test_every_answer_arrives_with_the_words_it_was_asked_in"],
    },
    {
        "name": "changed-page-drawn-from-definition",
        "protects": "a page the practice changed is drawn item by item, not by its old template",
        "file": "portal/intake/journey.py",
        "find": "        hand_written=_builtin_pages().get(slug) == _english(group),",
        "replace": "        hand_written=slug in _builtin_pages(),",
        "tests": ["tests/test_intake_custom_form.py"],
    },
    {
        "name": "offer-needs-owner",
        "protects": "only the owner changes which forms the start page offers",
        "file": "portal/clinician/forms_editor.py",
        "find": '@bp.post("/forms/<int:form_id>/offer")\n@owner_required',
        "replace": '@bp.post("/forms/<int:form_id>/offer")',
        "tests": [CUSTOM + "test_a_clinician_cannot_change_what_the_start_page_offers"],
    },
    {
        "name": "offer-needs-published",
        "protects": "a form is offered only once published, and the last offered one stays",
        "file": "portal/questionnaires/service.py",
        "find": "    if offered and published_version(form) is None:",
        "replace": "    if False:",
        "tests": [CUSTOM + "test_offering_needs_a_published_version_and_keeps_one_form_offered"],
    },
    {
        "name": "drawn-consent-page-carries-its-hash",
        "protects": "a consent page drawn from its definition can be agreed (the statement's hash)",
        "file": "templates/intake/step_page.html",
        "find": '{% if "consent" in step.practice_texts %}{{ form.text_sha256 }}{% endif %}',
        "replace": "",
        "tests": [
            "tests/test_intake_guardian_form.py::test_a_guardian_enquiry_arrives_with_the_child_and_the_consent"
        ],
    },
    {
        "name": "couple-partner-gets-own-pages-only",
        "protects": "a couple's second partner never reaches the shared pages the first answered",
        "file": "portal/intake/journey.py",
        "find": "        steps = tuple(step for step in self.steps if not step.shared)",
        "replace": "        steps = self.steps",
        "tests": [
            COUPLE
            + "test_the_other_partner_answers_only_their_own_pages_and_sees_nothing_of_the_first"
        ],
    },
    {
        "name": "couple-partner-email-not-own",
        "protects": "the other partner's address cannot be the person's own: each gets a link",
        "file": "portal/intake/journey.py",
        "find": '        if own and own == (field.data or "").strip().casefold():',
        "replace": "        if False:",
        "tests": [COUPLE + "test_the_partner_email_cannot_be_the_person_s_own"],
    },
    {
        "name": "couple-spam-invites-nobody",
        "protects": "a couple's enquiry held as spam emails nobody until a person releases it",
        "file": "portal/intake/couple.py",
        "find": " or first.is_quarantined:",
        "replace": ":",
        "tests": [COUPLE + "test_a_part_held_as_spam_invites_nobody_until_a_person_releases_it"],
    },
    {
        "name": "couple-one-invitation",
        "protects": "the other partner is invited once, however often the release is pressed",
        "file": "portal/intake/couple.py",
        "find": "    if links.last_sent(first, notify.KIND_PARTNER_LINK) is not None:\n",
        "replace": "    if False:\n",
        "tests": [COUPLE + "test_the_other_partner_is_invited_once_even_when_two_releases_race"],
    },
    {
        "name": "couple-safety-never-shared",
        "protects": "a couple's form cannot share the safety question: each partner answers it",
        "file": "portal/questionnaires/rules.py",
        "find": "        if any(extension(i, SAFETY) for i in inside):",
        "replace": "        if False:",
        "tests": [
            COUPLE
            + "test_rules_keep_safety_consent_and_the_partner_email_where_each_partner_needs_them"
        ],
    },
    {
        "name": "couple-partner-draft-starts-empty",
        "protects": "the other partner's draft holds nothing of the first partner's answers",
        "file": "portal/intake/couple.py",
        "find": "journey, first, partner_of=first.id)",
        "replace": "journey, first, partner_of=first.id, answers=answers)",
        "tests": [
            COUPLE
            + "test_the_other_partner_answers_only_their_own_pages_and_sees_nothing_of_the_first"
        ],
    },
    {
        "name": "full-form-safety-asked-afresh",
        "protects": "the full form after a short enquiry asks the safety question afresh",
        "file": "portal/intake/full_form.py",
        "find": "        if step.safety or step.measure",
        "replace": "        if step.measure",
        "tests": [SHORT + "test_the_full_form_arrives_with_what_was_given_filled_in_and_editable"],
    },
    {
        "name": "full-form-prefilled-pages-confirmed",
        "protects": "a page filled in from a short enquiry must be confirmed before sending",
        "file": "portal/intake/full_form.py",
        "find": "section[UNFINISHED] = sorted({*section.get(UNFINISHED, []), step.slug})",
        "replace": "section.pop(UNFINISHED, None)",
        "tests": [SHORT + "test_a_pre_filled_page_must_be_confirmed_before_the_form_can_be_sent"],
    },
    {
        "name": "full-form-only-after-short-enquiry",
        "protects": "only a short enquiry (not held as spam) can be sent the full form",
        "file": "portal/intake/full_form.py",
        "find": "    return intake.form_url == SHORT_URL and not intake.is_quarantined",
        "replace": "    return True",
        "tests": [SHORT + "test_only_a_short_enquiry_can_be_sent_the_full_form"],
    },
]
