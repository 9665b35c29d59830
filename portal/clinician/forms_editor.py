"""The owner's form editor: list forms and versions, copy one, edit a draft, preview, publish.

Every change goes through the questionnaire service, which audits it and never rewrites a
published version (a change to one starts a new draft). Everything works without JavaScript:
each button is its own small POST form, and reordering is by Move up / Move down.
"""

from __future__ import annotations

import json
import re

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.clinician import forms_editor_edits as edits
from portal.clinician import forms_editor_languages as languages
from portal.clinician import forms_editor_words as lang_words
from portal.clinician.forms_editor_forms import (
    MeasureForm,
    PageForm,
    QuestionForm,
    heading_form,
    question_form,
    title_form,
)
from portal.clinician.views import bp
from portal.db import db
from portal.inputs import parse_int
from portal.intake import locale
from portal.models import AuditEvent, Form, FormVersion, User
from portal.practice import get_practice
from portal.questionnaires import coverage, definition, measures, rules, service
from portal.questionnaires.page_rows import blank_form, page_rows, single_question
from portal.security.access import owner_required

ITEM_IN_SENTENCE = re.compile(r"^Item '?([A-Za-z0-9][A-Za-z0-9_.-]*)'?[:,]")
MAX_ID = 2**31 - 1  # larger ids are never rows; answering 404 keeps the database out of it


@bp.get("/forms")
@owner_required
def forms():
    """Every form with its versions: state, when, by whom, and how many intakes used each."""
    return render_template(
        "clinician/forms/index.html",
        forms=service.all_forms(),
        counts=service.intake_counts(),
        people=_people(),
        publishers=_publishers(),
    )


@bp.post("/forms/<int:form_id>/duplicate")
@owner_required
def duplicate_form(form_id: int):
    """Copy a form's published version (or newest) into a new custom form, draft version 1."""
    form = _form_or_404(form_id)
    source = service.find_version(form)
    if source is None:
        abort(404)
    copy = service.duplicate_form(source, _copy_title(form.title), current_user.id)
    db.session.commit()
    flash(f"“{copy.form.title}” is a new form, copied from “{form.title}”. Version 1 is a draft.")
    return redirect(url_for("clinician.edit_form", version_id=copy.id))


@bp.post("/forms/<int:form_id>/offer")
@owner_required
def offer_form(form_id: int):
    """List a form on the intake start page, or take it off (the choice is in `offered`)."""
    form, offered = _form_or_404(form_id), request.form.get("offered") == "1"
    try:
        service.set_offered(form, offered, current_user.id)
    except service.FormError as exc:
        flash(" ".join(exc.errors))
        return redirect(url_for("clinician.forms"), 303)
    db.session.commit()
    where = "is now offered on" if offered else "is no longer offered on"
    flash(f"“{form.title}” {where} the start page.")
    return redirect(url_for("clinician.forms"), 303)


@bp.get("/forms/versions/<int:version_id>")
@owner_required
def edit_form(version_id: int):
    """One version: its pages and questions, with a button for each change."""
    return _editor(_version_or_404(version_id))


@bp.post("/forms/versions/<int:version_id>/title")
@owner_required
def retitle_form(version_id: int):
    """Rename the form (in a draft)."""
    version = _version_or_404(version_id)
    form = title_form(_data(version), posted=True)
    if not form.validate():
        return _editor(version, title_form=form, status=400)
    data = edits.retitle(_data(version), form.title.data, lang_words.headings(form))
    return _save(version, data, {"change": "form.title"}, "Form title changed.")


@bp.post("/forms/versions/<int:version_id>/languages")
@owner_required
def declare_languages(version_id: int):
    """Declare the languages the form is offered in; publishing then checks each is covered."""
    version = _version_or_404(version_id)
    form = languages.languages_form(_data(version), posted=True)
    form.validate()  # a tick for a language the practice does not offer is dropped, not kept
    changed = languages.declare(_data(version), form.languages.data or [])
    change = {"change": "form.languages", "languages": list(coverage.declared(changed))}
    return _checked_save(version, changed, change, "Languages saved.")


@bp.route("/forms/versions/<int:version_id>/question", methods=["GET", "POST"])
@owner_required
def question(version_id: int):
    """Add a question to a page (?page=) or edit one (?item=): its words, kind, help, condition."""
    version = _version_or_404(version_id)
    data = _data(version)
    link_id = request.args.get("item", "")
    page_link = request.args.get("page") or _last_page(data)
    item = _editable_or_404(data, link_id) if link_id else None
    if not link_id:
        _page_or_404(data, page_link)
    form = question_form(data, item, request.method == "POST")
    if request.method == "POST" and form.validate():
        try:
            if item is None:
                changed, link_id = edits.add_question(data, page_link, form.values())
            else:
                changed = edits.edit_question(data, link_id, form.values())
            definition.validate(changed)
        except (ValueError, definition.DefinitionError) as exc:
            _rule_errors(form, exc)
        else:
            change = {"change": "question.edit" if item else "question.add", "item": link_id}
            return _save(version, changed, change, "Question saved.", anchor=link_id)
    status = 400 if form.errors else 200
    return _question_page(version, data, form, item, page_link, status)


@bp.route("/forms/versions/<int:version_id>/page", methods=["GET", "POST"])
@owner_required
def page_heading(version_id: int):
    """Rename a page (?item=), and give its heading in the practice's other languages."""
    version = _version_or_404(version_id)
    data = _data(version)
    page = _or_404(lambda: edits.find_page(data, request.args.get("item", "")))
    form = heading_form(page, request.method == "POST")
    if request.method == "POST" and form.validate():
        headings = lang_words.headings(form)
        changed = edits.rename_page(data, page["linkId"], form.title.data, headings)
        change = {"change": "page.edit", "item": page["linkId"]}
        return _checked_save(version, changed, change, "Page heading saved.", page["linkId"])
    html = render_template(
        "clinician/forms/page.html",
        version=version,
        form=form,
        page=page,
        languages=languages.question_languages(data, page),
    )
    return html, 400 if form.errors else 200


@bp.post("/forms/versions/<int:version_id>/move")
@owner_required
def move_item(version_id: int):
    """Move a question, page or measure one place up or down among its neighbours."""
    version = _version_or_404(version_id)
    link_id, step = request.form.get("item", ""), _step(request.form.get("direction"))
    data = _data(version)
    changed = _or_404(lambda: edits.move(data, link_id, step))
    change = {"change": "item.move", "item": link_id, "direction": "up" if step < 0 else "down"}
    return _checked_save(version, changed, change, "Moved.", link_id)


@bp.post("/forms/versions/<int:version_id>/remove")
@owner_required
def remove_item(version_id: int):
    """Take a question, page or measure out of the form (its published versions keep it)."""
    version = _version_or_404(version_id)
    link_id = request.form.get("item", "")
    changed = _or_404(lambda: edits.remove(_data(version), link_id))
    return _checked_save(version, changed, {"change": "item.remove", "item": link_id}, "Removed.")


@bp.post("/forms/versions/<int:version_id>/pages")
@owner_required
def add_page(version_id: int):
    """Add an empty page at the end of the form."""
    version = _version_or_404(version_id)
    form = PageForm(prefix="page")
    if not form.validate():
        return _editor(version, page_form=form, status=400)
    try:
        changed, slug = edits.add_page(_data(version), form.title.data)
    except ValueError as exc:
        form.title.errors = [str(exc)]
        return _editor(version, page_form=form, status=400)
    change = {"change": "page.add", "item": slug}
    return _checked_save(version, changed, change, "Page added.", slug)


@bp.route("/forms/versions/<int:version_id>/measures", methods=["GET", "POST"])
@owner_required
def include_measure(version_id: int):
    """Include a measure from the library, whole, on a page of its own."""
    version = _version_or_404(version_id)
    form = MeasureForm()
    if request.method == "POST" and form.validate():
        try:
            changed, slug = edits.add_measure(_data(version), form.measure.data)
            definition.validate(changed)
        except (ValueError, definition.DefinitionError) as exc:
            form.measure.errors = getattr(exc, "errors", None) or [str(exc)]
        else:
            change = {"change": "measure.add", "item": form.measure.data}
            return _save(version, changed, change, "Measure included.", anchor=slug)
    page = render_template(
        "clinician/forms/measure.html", version=version, form=form, library=measures.LIBRARY
    )
    return page, 400 if form.errors else 200


@bp.post("/forms/versions/<int:version_id>/publish")
@owner_required
def publish_form(version_id: int):
    """Check the whole form (the safety question too) and freeze this version."""
    version = _version_or_404(version_id)
    if version.is_published:
        abort(404)
    try:
        service.publish(version, current_user.id)
    except service.FormError as exc:
        db.session.rollback()
        return _editor(version, problems=exc.errors, status=400)
    db.session.commit()
    flash(f"Version {version.version} is published. New intakes on this form will use it.")
    return redirect(url_for("clinician.forms"))


@bp.get("/forms/versions/<int:version_id>/preview")
@owner_required
def preview_form(version_id: int):
    """The journey one page at a time as a client sees it; nothing can be sent or saved."""
    version = _version_or_404(version_id)
    parsed = service.parsed(version)
    pages = parsed.pages()
    index = (parse_int(request.args.get("page", "1"), maximum=len(pages)) or abort(404)) - 1
    rows = page_rows(parsed, pages[index], blank_form(parsed, pages[index]))
    response = make_response(
        render_template(
            "clinician/forms/preview.html",
            version=version,
            page=pages[index],
            rows=rows,
            single=single_question(rows),
            local=locale.conventions(get_practice()),
            number=index + 1,
            count=len(pages),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


# Helpers: loading with 404, saving through the service, the pages the views render.


def _form_or_404(form_id: int) -> Form:
    """The form, or 404 (an id too large for a row is not looked up)."""
    form = db.session.get(Form, form_id) if form_id <= MAX_ID else None
    return form or abort(404)


def _version_or_404(version_id: int) -> FormVersion:
    """The version, or 404."""
    version = db.session.get(FormVersion, version_id) if version_id <= MAX_ID else None
    return version or abort(404)


def _data(version: FormVersion) -> dict:
    """The version's definition as a dict to change (a copy; the stored text is untouched)."""
    return json.loads(version.definition)


def _or_404(change):
    """Run an edit; an item that is not in this form (or cannot be changed) is 404."""
    try:
        return change()
    except KeyError:
        abort(404)


def _editable_or_404(data: dict, link_id: str) -> dict:
    """A question of this form the editor may rewrite, or 404."""
    try:
        return edits.find(data, link_id) if edits.is_editable(data, link_id) else abort(404)
    except KeyError:
        abort(404)


def _page_or_404(data: dict, page_link: str) -> None:
    """404 unless the form has this page (a measure's page takes no questions)."""
    if not any(
        p.get("linkId") == page_link and not edits.holds_measure(p) for p in edits.pages(data)
    ):
        abort(404)


def _last_page(data: dict) -> str:
    """The last page that can take a new question."""
    usable = [p for p in edits.pages(data) if not edits.holds_measure(p)]
    return usable[-1]["linkId"] if usable else ""


def _step(direction: str | None) -> int:
    """-1 for up, +1 for down; anything else is a bad request."""
    if direction not in ("up", "down"):
        abort(400)
    return -1 if direction == "up" else 1


def _save(version: FormVersion, data: dict, change: dict, said: str, anchor: str = ""):
    """Store the change (a published version gets a new draft), commit, back to the editor."""
    try:
        saved = service.save_edit(version, data, current_user.id, change)
    except service.FormError as exc:
        db.session.rollback()
        return _editor(version, problems=exc.errors, status=409)
    db.session.commit()
    if saved.id != version.id:
        said += f" Your change started version {saved.version} as a draft; "
        said += f"version {version.version} has not changed."
    flash(said)
    target = url_for("clinician.edit_form", version_id=saved.id)
    return redirect(target + (f"#item-{anchor}" if anchor else ""))


def _checked_save(version, changed: dict, change: dict, said: str, anchor: str = ""):
    """Save when the changed form still follows the rules; else list why, nothing saved."""
    problems = definition.errors_in(changed)
    if problems:
        return _editor(version, problems=problems, status=400)
    return _save(version, changed, change, said, anchor)


def _rule_errors(form: QuestionForm, exc: Exception) -> None:
    """Put the rules' sentences beside the field they are about (the condition, else the text)."""
    for sentence in getattr(exc, "errors", None) or [str(exc)]:
        target = form.condition if "condition" in sentence else form.text
        target.errors = [*target.errors, sentence]


def _question_page(version, data: dict, form, item, page_link: str, status: int):
    """The add or edit question page."""
    page = next((p for p in edits.pages(data) if p.get("linkId") == page_link), None)
    html = render_template(
        "clinician/forms/question.html",
        version=version,
        form=form,
        item=item,
        page=page,
        languages=languages.question_languages(data, item),
    )
    return html, status


def _editor(version: FormVersion, status: int = 200, problems=(), **forms):
    """The edit page, with any problems listed first (each linked to its question)."""
    data = _data(version)
    newer = [v for v in version.form.versions if v.version > version.version]
    return render_template(
        "clinician/forms/edit.html",
        version=version,
        data=data,
        problems=[_problem(data, sentence) for sentence in problems],
        newer_draft=next((v for v in reversed(newer) if not v.is_published), None),
        title_form=forms.get("title_form") or title_form(data, posted=False),
        page_form=forms.get("page_form") or PageForm(prefix="page"),
        languages=languages.reports(data),
        languages_form=languages.languages_form(data, posted=False),
        edits=edits,
        rules=rules,
        labels=edits.QUESTION_TYPES,
    ), status


def _problem(data: dict, sentence: str) -> dict:
    """A rule's sentence with a link to the question it names, and the question's words."""
    match = ITEM_IN_SENTENCE.match(sentence)
    named = match.group(1) if match else ""
    for item, parents in edits.walk(data):
        if item.get("linkId") == named:  # the editor shows pages and what they hold directly
            shown = parents[1] if len(parents) > 1 else item
            return {"sentence": sentence, "item": shown["linkId"], "words": shown.get("text", "")}
    return {"sentence": sentence, "item": "", "words": ""}


def _copy_title(title: str) -> str:
    """The title of a copy, kept within the column's 200 characters."""
    return f"{title[:190]} (copy)"


def _people() -> dict[int, str]:
    """Staff names by id, for "created by"."""
    return {user.id: user.name for user in db.session.scalars(select(User))}


def _publishers() -> dict[int, int | None]:
    """Who published each version (from the audit trail), by version id."""
    rows = db.session.execute(
        select(AuditEvent.object_id, AuditEvent.actor_id).where(AuditEvent.action == "form.publish")
    )
    return {int(object_id): actor for object_id, actor in rows if object_id.isdigit()}
