"""One page of a form definition as a WTForms form with the fields a hand-written page has.

The journey (portal/intake/journey.py) builds every page with it: the same fields (names,
kinds, labels, choices, checks and messages) the hand-written pages had. The email and
phone format checks, which the subset cannot express, are added by the journey.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import Optional

from portal.inputs import safe_text
from portal.intake import forms
from portal.intake.validation import max_length, parse_date
from portal.questionnaires import conditions, measures, rules
from portal.questionnaires.definition import Definition

DATE_PARTS = (("day", _l("Day"), 2), ("month", _l("Month"), 2), ("year", _l("Year"), 4))
# Draft answers saved half-done keep the date boxes by these names, so keep them.
DATE_BOX_STEMS = {"date_of_birth": "dob"}


def page_group(definition: Definition, slug: str) -> dict:
    """The top-level group shown as the page with this address (KeyError when none)."""
    for group in definition.pages():
        if rules.extension(group, rules.PAGE) == slug:
            return group
    raise KeyError(slug)


def page_form(definition: Definition, slug: str) -> type[forms.IntakeForm]:
    """A form class for one page: one field per question, in the definition's order."""
    group = page_group(definition, slug)
    attrs: dict = {}
    names: list[str] = []
    dates: list[str] = []
    measure = None
    for item, parents in rules.walk(group["item"]):
        block = next((p for p in parents if rules.extension(p, rules.MEASURE)), None)
        measure = measure or block
        if item["type"] in ("group", "display"):
            continue
        name = field_name(item)
        if item["type"] == "date":
            attrs.update(_date_boxes(name))
            dates.append(name)
        else:
            attrs[name] = _field(item, block)
        names.append(name)
    if measure is not None:
        return _measure_form(slug, attrs, measure)
    fields = tuple(n for n in names if n not in dates)
    questions = [i for i, _p in rules.walk(group["item"]) if i["type"] not in ("group", "display")]
    shape = {
        "FIELDS": fields,
        "DATES": tuple(dates),
        "LINKS": {item["linkId"]: field_name(item) for item in questions},
        "CONDITIONS": {field_name(i): i for i in questions if i.get("enableWhen")},
    }
    return type(_class_name(slug), (DefinitionForm,), {**attrs, **shape})


def field_name(item: dict) -> str:
    """The answers key of a question: its linkId after the section ("about.email" → "email")."""
    return item["linkId"].split(".", 1)[-1]


def _is_scored(item: dict, block: dict | None) -> bool:
    """True for one of a measure block's scored items (`<block>.item_<n>`)."""
    if block is None:
        return False
    count = len(measures.get(rules.extension(block, rules.MEASURE)).items)
    return item["linkId"] in {f"{block['linkId']}.item_{n}" for n in range(count)}


def _field(item: dict, block: dict | None):
    """The WTForms field for one question of the definition (`block`: its measure group)."""
    label = item["text"]
    message = rules.extension(item, rules.REQUIRED_MESSAGE) or _default_message(item)
    needed = message if item.get("required") else None
    if block is not None and item.get("enableWhen"):  # the follow-up: needed after a problem
        checks = [forms.needed_after_a_problem(message)]
        return forms.Radios(label, choices=_options(item), validators=checks)
    kind = item["type"]
    if kind in ("string", "text"):
        return forms.text(label, item.get("maxLength") or forms.SHORT, needed, area=kind == "text")
    if kind == "boolean":
        return BooleanField(label, validators=[forms.ticked(message)] if needed is not None else [])
    if kind == "integer":
        checks = [forms.required(message)] if needed is not None else [Optional()]
        return IntegerField(label, validators=checks)
    return _choice(item, label, needed, message, block)


def _default_message(item: dict) -> str:
    """What a required question of the practice's own says when left out (GOV.UK style)."""
    if item["type"] == "choice":
        return _l("Select an answer to “%(question)s”", question=item["text"])
    if item["type"] == "boolean":
        return _l("Tick “%(question)s” to go on", question=item["text"])
    return _l("Answer “%(question)s”", question=item["text"])


def _choice(item: dict, label: str, needed: str | None, message: str | None, block: dict | None):
    """Radios, or checkboxes when it repeats; a measure's scored answers are numbers."""
    coerce = int if _is_scored(item, block) else str
    options = [(coerce(code), words) for code, words in _options(item)]
    if item.get("repeats"):
        checks = [forms.required(needed)] if needed is not None else []
        return forms.MultiCheckboxField(label, choices=options, validators=checks)
    if needed is not None:
        return forms.Radios(
            label, choices=options, coerce=coerce, validators=[forms.required(needed)]
        )
    if (
        block is not None and message is not None
    ):  # a measure's follow-up: needed once an item is above 0
        return forms.Radios(
            label, choices=options, validators=[forms.needed_after_a_problem(message)]
        )
    return forms.Radios(label, choices=options, coerce=coerce, validators=[Optional()])


def _options(item: dict) -> list[tuple[str, str]]:
    """(code, words) of each answer option; options from the practice are set by the view."""
    return [
        (o["valueCoding"]["code"], o["valueCoding"]["display"])
        for o in item.get("answerOption") or []
    ]


def _date_boxes(name: str) -> dict:
    """Three text boxes for a date, GOV.UK style."""
    stem = DATE_BOX_STEMS.get(name, name)
    return {
        f"{stem}_{part}": StringField(label, validators=[safe_text, max_length(size)], default="")
        for part, label, size in DATE_PARTS
    }


def _measure_form(slug: str, attrs: dict, group: dict) -> type[forms.IntakeForm]:
    """A measure page: the measure's items stored as a list of numbers, as today."""
    count = sum(1 for name in attrs if name.startswith("item_"))
    stem = next(c["text"] for c in group["item"] if c["linkId"] == f"{group['linkId']}.stem")
    return type(
        _class_name(slug), (forms.QuestionnaireForm,), {**attrs, "ITEM_COUNT": count, "STEM": stem}
    )


def _class_name(slug: str) -> str:
    """A readable class name for tracebacks ("about-you" → "AboutYouPage")."""
    return "".join(part.title() for part in slug.split("-")) + "Page"


class DefinitionForm(forms.IntakeForm):
    """A page built from a definition: date questions are checked and stored as ISO dates,
    and a question shown only if another answer says so is asked only then.

    The date check is today's date-of-birth check (a real date in the past, after 1900).
    """

    DATES: tuple[str, ...] = ()
    LINKS: dict[str, str] = {}  # linkId: field name, for the page's own questions
    CONDITIONS: dict[str, dict] = {}  # field name: its item, for questions shown only if
    earlier: conditions.Lookup | None = None  # other pages' answers (None: a preview)

    def asks(self, name: str) -> bool:
        """True when the question applies: it has no condition, or the condition holds now."""
        item = self.CONDITIONS.get(name)
        return item is None or conditions.enabled(item, self._answer)

    def hides(self, name: str) -> bool:
        """True when the question is left off the page: only other pages' answers decide it,
        and they do not call for it (a condition on this page is shown with its words)."""
        item = self.CONDITIONS.get(name)
        if item is None or self.earlier is None or conditions.targets(item) & self.LINKS.keys():
            return False
        return not self.asks(name)

    def _answer(self, link_id: str):
        """An answer by linkId: this page's as posted or saved, else the other pages'."""
        name = self.LINKS.get(link_id)
        if name is not None and name in self._fields:
            return self[name].data
        return self.earlier(link_id) if self.earlier else None

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then each date as one answer with one message; a question that does
        not apply is never a problem."""
        super().validate(extra_validators)
        self.dates = {}
        for name in self.DATES:
            boxes = [self[box] for box in _box_names(name)]
            if any(box.errors for box in boxes):
                continue
            value, message = parse_date(*(box.data for box in boxes))
            if message:
                boxes[0].errors = [message]
            self.dates[name] = value
        for name in [n for n in self.CONDITIONS if not self.asks(n)]:
            for shown in _box_names(name) if name in self.DATES else (name,):
                self[shown].errors = []
            self.dates.pop(name, None)
        return not any(field.errors for field in self)

    def dump(self) -> dict:
        """The section, dates as ISO dates; nothing for a question that does not apply."""
        dates = {name: day.isoformat() for name, day in self.dates.items()}
        return {k: v for k, v in {**super().dump(), **dates}.items() if self.asks(k)}

    def dump_partial(self) -> dict:
        """The page as typed, keeping each date's boxes as they are (maybe not a date yet)."""
        boxes = {
            box: self[box].data
            for name in self.DATES
            if self.asks(name)
            for box in _box_names(name)
        }
        typed = {k: v for k, v in super().dump_partial().items() if self.asks(k)}
        return {**typed, **boxes}

    @classmethod
    def answer_keys(cls) -> set[str]:
        """Every answers key the page writes, typed in full or saved half-done."""
        return {key for name in (*cls.FIELDS, *cls.DATES) for key in cls.answer_keys_of(name)}

    @classmethod
    def answer_keys_of(cls, name: str) -> set[str]:
        """A date question writes its ISO date, or its three boxes when saved half-done."""
        return {name, *_box_names(name)} if name in cls.DATES else {name}

    @classmethod
    def load(cls, section: dict) -> dict:
        """Form data, splitting each stored ISO date into its boxes (or the boxes as saved)."""
        data = super().load(section)
        for name in cls.DATES:
            boxes = _box_names(name)
            if name not in section:
                data.update({box: section[box] for box in boxes if box in section})
                continue
            year, _, rest = (section.get(name) or "").partition("-")
            month, _, day = rest.partition("-")
            data.update(zip(boxes, (day.lstrip("0"), month.lstrip("0"), year), strict=True))
        return data


def _box_names(name: str) -> tuple[str, str, str]:
    """The day, month and year box names of a date question."""
    stem = DATE_BOX_STEMS.get(name, name)
    return tuple(f"{stem}_{part}" for part, _label, _size in DATE_PARTS)
