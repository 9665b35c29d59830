"""A standard measure as data: its published words, answer values, scoring, bands and risk items."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Licence:
    """The terms a measure is published under, recorded so nothing unlicensed is shipped."""

    terms: str  # our summary of the terms, with where they are stated
    electronic_use_free: bool  # True only when a web form may show it without a licence fee

    def __str__(self) -> str:
        """The terms as one line, for a page or a document."""
        return self.terms


@dataclass(frozen=True)
class FollowUp:
    """A published question asked after the items only when some item is above its lowest option.

    It is never scored (PHQ-9 and GAD-7 ask how difficult the problems made things).
    """

    key: str  # the answer's name in the stored section ("difficulty")
    text: str
    options: tuple[tuple[str, str], ...]  # (stored code, published words)


@dataclass(frozen=True)
class Translation:
    """A published, validated text of a measure in another language: the words a client reads.

    Values, scoring, bands and risk items stay the measure's own; only the words change.
    """

    stem: str
    items: tuple[str, ...]
    options: tuple[str, ...]  # the option words, in the order of the measure's values
    attribution: str  # the credit line in that language, naming the text and its validation
    source: str  # where the words were checked and the study that validated them
    # The follow-up's published words in that language; None when they are not held here,
    # and then the follow-up is not asked in that language (it is never scored).
    follow_up: FollowUp | None = None
    item_notes: tuple[tuple[int, str], ...] = ()  # (0-based item, note) in that language


@dataclass(frozen=True)
class Measure:
    """One standard measure, word for word as published, with how it is scored."""

    id: str
    title: str
    stem: str
    items: tuple[str, ...]
    options: tuple[tuple[int, str], ...]  # (value, published words), in the published order
    bands: tuple[tuple[int, str], ...]  # (lowest score of the band, band name), highest first
    risk_items: tuple[int, ...]  # 0-based items whose answer above the lowest option is a risk
    attribution: str  # the credit or copyright line shown with the measure, as published
    licence: Licence
    name: str = ""  # the full published name
    topic: str = ""  # what it measures, in the staff's short label ("PHQ-9 (mood)")
    multiplier: int = 1  # score = sum of the values x multiplier (WHO-5 percentage: x 4)
    score_label: str = "total score"
    follow_up: FollowUp | None = None
    item_notes: tuple[tuple[int, str], ...] = ()  # (0-based item, note printed beside it)
    interpretation: str = ""  # the source's own words about its bands or cut-off
    source: str = ""  # where the words, scoring and bands were checked
    # (language, published validated text): a form offers the measure in English and in
    # these languages only; its words are never translated ad hoc.
    translations: tuple[tuple[str, Translation], ...] = ()

    def __post_init__(self) -> None:
        """Refuse a definition whose bands leave a possible score without a band."""
        low, high = self.score_range
        floors = [floor for floor, _ in self.bands]
        if floors != sorted(floors, reverse=True) or floors[-1] != low or floors[0] > high:
            raise ValueError(f"{self.title}: bands must run highest first down to {low}.")
        if any(not 0 <= i < len(self.items) for i in self.risk_items):
            raise ValueError(f"{self.title}: a risk item is not one of its items.")
        for lang, text in self.translations:
            if len(text.items) != len(self.items) or len(text.options) != len(self.options):
                raise ValueError(f"{self.title} ({lang}): every item and option needs its words.")

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this measure has a published, validated text in."""
        return ("en", *(lang for lang, _text in self.translations))

    def in_language(self, lang: str) -> Measure:
        """The measure with its words in `lang` (its validated text); scoring is unchanged."""
        text = dict(self.translations).get(lang)
        if lang == "en" or text is None:
            return self
        return replace(
            self,
            stem=text.stem,
            items=text.items,
            options=tuple(
                (value, words) for (value, _), words in zip(self.options, text.options, strict=True)
            ),
            attribution=text.attribution,
            follow_up=text.follow_up,
            item_notes=text.item_notes,
        )

    @property
    def values(self) -> tuple[int, ...]:
        """The answer values, in the published order."""
        return tuple(value for value, _ in self.options)

    @property
    def lowest(self) -> int:
        """The value of the lowest answer (0, or 1 for K10)."""
        return min(self.values)

    @property
    def raw_range(self) -> tuple[int, int]:
        """The lowest and highest possible sum of the item values."""
        return len(self.items) * self.lowest, len(self.items) * max(self.values)

    @property
    def score_range(self) -> tuple[int, int]:
        """The lowest and highest possible score (after the multiplier)."""
        low, high = self.raw_range
        return low * self.multiplier, high * self.multiplier

    def checked(self, values) -> list[int]:
        """The answers as ints, refusing a missing item or a value not among the options."""
        numbers = [_as_value(v) for v in values or []]
        if len(numbers) != len(self.items) or any(v not in self.values for v in numbers):
            raise ValueError(f"{self.title} needs {len(self.items)} answers among its options.")
        return numbers

    def raw_score(self, values) -> int:
        """The sum of the item values, only when every item has a published answer."""
        return sum(self.checked(values))

    @property
    def label(self) -> str:
        """The short label staff read beside its score."""
        return f"{self.title} ({self.topic})" if self.topic else self.title

    def score(self, values) -> int:
        """The score the bands apply to: the raw sum times the multiplier."""
        return self.raw_score(values) * self.multiplier

    def band(self, score: int) -> str:
        """The name of the band a score falls in; an impossible score is refused."""
        low, high = self.score_range
        if isinstance(score, bool) or not isinstance(score, int) or not low <= score <= high:
            raise ValueError(f"A {self.title} score is {low} to {high}.")
        if self.multiplier > 1 and score % self.multiplier:
            raise ValueError(f"A {self.title} score is a multiple of {self.multiplier}.")
        return next(name for floor, name in self.bands if score >= floor)

    def is_risk(self, values) -> bool:
        """True when a risk item is answered above its lowest option (other items may be blank)."""
        answers = list(values or [])
        for i in self.risk_items:
            value = _maybe_value(answers[i]) if i < len(answers) else None
            if value in self.values and value > self.lowest:
                return True
        return False

    def needs_follow_up(self, values) -> bool:
        """True when the follow-up question is asked: some item above its lowest option."""
        if self.follow_up is None:
            return False
        answered = [_maybe_value(value) for value in values or []]
        return any(value is not None and value > self.lowest for value in answered)

    def results(self, values) -> dict:
        """Score, band and risk flag for stored answers; no score or band unless all are valid.

        The risk flag is worked out even then, so a half-answered measure still raises it.
        """
        try:
            raw = self.raw_score(values)
        except ValueError:
            return {"raw_score": None, "score": None, "band": None, "risk": self.is_risk(values)}
        score = raw * self.multiplier
        return {
            "raw_score": raw,
            "score": score,
            "band": self.band(score),
            "risk": self.is_risk(values),
        }

    def values_from(self, answers: dict, prefix: str | None = None) -> list:
        """The item answers in order from a {linkId: value} mapping (None where unanswered)."""
        prefix = prefix or self.id
        return [answers.get(f"{prefix}.item_{n}") for n in range(len(self.items))]

    def as_items(self, prefix: str | None = None) -> dict:
        """The measure as a FHIR R4 Questionnaire group item (built in measures/fhir.py)."""
        from portal.questionnaires.measures.fhir import measure_group

        return measure_group(self, prefix or self.id)


def _as_value(value) -> int:
    """An answer as an int; a bool, a fraction, a blank or a word is not an answer."""
    number = _maybe_value(value)
    if number is None:
        raise ValueError(f"{value!r} is not an answer value.")
    return number


def _maybe_value(value) -> int | None:
    """An int answer value, or None when the value is not a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None
