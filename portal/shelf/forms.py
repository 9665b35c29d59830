"""Curation forms: the article editor, archiving, and the import upload and review pages."""

from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional, StopValidation, ValidationError

from portal.i18n import language_name, languages
from portal.inputs import PortalForm, safe_text
from portal.intake.validation import max_length
from portal.models.shelf import ARTICLE_STATUSES
from portal.shelf import queries

LICENCES = (
    "Own work",
    "Used with permission",
    "CC BY 4.0",
    "CC BY-SA 4.0",
    "CC BY-NC 4.0",
    "CC BY-NC-SA 4.0",
    "CC BY-ND 4.0",
    "CC BY-NC-ND 4.0",
)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_MESSAGE = "Enter the date as year, month and day, like 2026-03-01"


def required(message: str):
    """Refuse a blank value with a message that says what to enter."""

    def check(form, field) -> None:
        """Stop with the message when the value is blank."""
        if not (field.data or "").strip():
            raise StopValidation(message)

    return check


def web_address(form, field) -> None:
    """Only http or https addresses, so a source link can never run script."""
    value = (field.data or "").strip()
    if value and not re.match(r"^https?://[^\s/$.?#].[^\s]*$", value, re.IGNORECASE):
        raise ValidationError(
            "Enter a web address starting with https://, like https://example.org"
        )


def slug_format(form, field) -> None:
    """Lower-case letters, digits and single hyphens (the article's web address)."""
    value = (field.data or "").strip()
    if value and (not SLUG_RE.match(value) or len(value) > 100):
        raise ValidationError(
            "Web address name can only use lower-case letters, numbers and hyphens, like "
            "coping-with-worry"
        )


def text(label: str, limit: int, *checks, area: bool = False):
    """A text field with safe-character and length checks."""
    validators = [safe_text, max_length(limit), *checks]
    return (TextAreaField if area else StringField)(label, validators=validators, default="")


def lines(value: str) -> list[str]:
    """Non-blank lines of a text box, trimmed."""
    return [x.strip() for x in (value or "").splitlines() if x.strip()]


def comma_list(value: str) -> list[str]:
    """Comma-separated names, trimmed, blanks dropped."""
    return [x.strip() for x in (value or "").split(",") if x.strip()]


def is_language(code: str) -> bool:
    """Whether Babel knows this language, so its name can be shown and its text marked."""
    try:
        Locale.parse(code)
    except (ValueError, TypeError, UnknownLocaleError):
        return False
    return True


def language_label(code: str) -> str:
    """'Spanish (Español)': the name the workspace reads, then the language's own name."""
    english = Locale.parse(code).get_display_name("en") or code
    own = language_name(code)
    return english if own == english else f"{english} ({own})"


def language_choices(form=None, field=None) -> list[tuple[str, str]]:
    """The practice's languages, then any an article is already written in (or this one is)."""
    used = [code for code, _ in queries.languages_in_use(ARTICLE_STATUSES)]
    own = [field.data] if field is not None and field.data else []
    codes = dict.fromkeys([*languages(), *used, *own])
    return [(code, language_label(code)) for code in codes if is_language(code)]


class ReviewDate(DateField):
    """A date box whose error says how to write the date."""

    def process_formdata(self, valuelist) -> None:
        """Parse YYYY-MM-DD; an unreadable date gets a message with an example."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(DATE_MESSAGE) from None


class ArticleFields:
    """Fields shared by the editor and each item on the import review page."""

    title = text("Title", 200, required("Enter a title"))
    language = SelectField("Language", choices=language_choices, default="en")
    summary = text("Summary", 600, area=True)
    body_md = text(
        "Article text (Markdown)", 200_000, required("Enter the article text"), area=True
    )
    topics = text("Topics", 400)
    author = text("Author", 200)
    author_bio = text("About the author", 2_000, area=True)
    source_name = text("Source name", 200)
    source_url = text("Source web address", 500, web_address)
    prompts = text("Reflection prompts", 4_000, area=True)

    def article_fields(self) -> dict:
        """The form's values as plain fields for service.save_article."""
        return {
            "title": self.title.data.strip(),
            "language": self.language.data or "en",
            "summary": self.summary.data.strip(),
            "body_md": self.body_md.data,
            "topics": comma_list(self.topics.data),
            "author": self.author.data.strip(),
            "author_bio": self.author_bio.data.strip(),
            "source_name": self.source_name.data.strip(),
            "source_url": self.source_url.data.strip(),
            "prompts": lines(self.prompts.data),
        }


class ArticleForm(ArticleFields, PortalForm):
    """Create or edit an article; Preview shows it rendered without saving."""

    slug = text("Web address name", 100, slug_format)
    audience = text("Who it is for", 120)
    licence = RadioField(
        "Licence or permission", choices=[(x, x) for x in LICENCES], validate_choice=False
    )
    last_reviewed_on = ReviewDate("Last reviewed", validators=[Optional()])
    next_review_on = ReviewDate("Next review due", validators=[Optional()])

    def article_fields(self) -> dict:
        """Shared fields plus the editor-only ones."""
        fields = super().article_fields()
        fields.update(
            audience=self.audience.data.strip(),
            licence=self.licence.data or LICENCES[0],
            last_reviewed_on=self.last_reviewed_on.data,
            next_review_on=self.next_review_on.data,
        )
        if self.slug.data and self.slug.data.strip():
            fields["slug"] = self.slug.data.strip()
        return fields

    def validate_licence(self, field) -> None:
        """A licence from the list (a Creative Commons licence, own work, or permission)."""
        if field.data not in LICENCES:
            raise ValidationError("Choose the licence or permission the article is shared under")


def article_form_data(article) -> dict:
    """An article's values in the shape ArticleForm shows them."""
    return {
        "title": article.title,
        "slug": article.slug,
        "language": article.language,
        "summary": article.summary,
        "body_md": article.body_md,
        "topics": ", ".join(t.name for t in article.topics),
        "audience": article.audience,
        "author": article.author,
        "author_bio": article.author_bio,
        "source_name": article.source_name,
        "source_url": article.source_url,
        "licence": article.licence if article.licence in LICENCES else "",
        "prompts": "\n".join(article.prompts or []),
        "last_reviewed_on": article.last_reviewed_on,
        "next_review_on": article.next_review_on,
    }


class ArchiveForm(PortalForm):
    """Archive an article, optionally pointing readers to the one that replaces it."""

    replacement = SelectField("Replaced by", coerce=int, choices=[(0, "No replacement")])


class ImportUploadForm(PortalForm):
    """Choose one or more files to import, or paste an article's text."""

    files = MultipleFileField("Files to import")
    pasted = text("Or paste an article", 200_000, area=True)

    def validate_files(self, field) -> None:
        """At least one file, or pasted text, must be given."""
        chosen = [f for f in field.data or [] if getattr(f, "filename", "")]
        if not chosen and not (self.pasted.data or "").strip():
            raise ValidationError("Choose at least one file to import, or paste an article")


def licence_choice(form, field) -> None:
    """The licence must be chosen on the review page: "Own work" is never assumed."""
    if form.include.data and field.data not in LICENCES:
        raise StopValidation("Choose the licence or permission this article is shared under")


class ImportItemForm(ArticleFields, Form):
    """One parsed article on the review page, editable before it is saved."""

    include = BooleanField("Import this article", default=True)
    licence = RadioField(
        "Licence or permission",
        choices=[(x, x) for x in LICENCES],
        validators=[licence_choice],
        validate_choice=False,
    )
    slug = HiddenField()
    published_at = HiddenField()
    filename = HiddenField()
    source_id = HiddenField()
    hold_reason = HiddenField()
    summary_from_body = HiddenField()
    images_dropped = HiddenField()
    notes = HiddenField()


class ImportReviewForm(PortalForm):
    """Every parsed article from the upload, to fix and then save as drafts or publish."""

    items = FieldList(FormField(ImportItemForm))
    skipped = HiddenField()  # the items the files held that were skipped, as JSON, for the result

    def validate(self, extra_validators=None) -> bool:
        """Only the articles ticked for import need to be valid; the others are ignored."""
        super().validate(extra_validators)
        for entry in self.items:
            if not entry.form.include.data:
                for field in entry.form:
                    field.errors = []
        chosen = [entry.form for entry in self.items if entry.form.include.data]
        return not self.csrf_token.errors and not any(form.errors for form in chosen)
