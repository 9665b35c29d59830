"""The measure library: standard questionnaires a form includes, with their own scoring.

A form author includes a measure by its id; its items, answer options, scoring, bands and
risk items come from here, never from the form, so a condition can never change a score.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.intake import measures as published


@dataclass(frozen=True)
class Measure:
    """One standard measure, word for word as published, with how it is scored."""

    id: str
    title: str
    stem: str
    items: tuple[str, ...]
    options: tuple[tuple[int, str], ...]
    bands: tuple[tuple[int, str], ...]  # (lowest score of the band, band name), highest first
    risk_items: tuple[int, ...]  # 0-based items whose answer above the lowest option is a risk
    attribution: str
    licence: str

    def score(self, values: list[int]) -> int:
        """The total, refusing a missing item or a value not among the options."""
        allowed = {value for value, _ in self.options}
        numbers = [int(v) for v in values]
        if len(numbers) != len(self.items) or any(v not in allowed for v in numbers):
            raise ValueError(f"{self.title} needs {len(self.items)} answers among its options.")
        return sum(numbers)

    def band(self, score: int) -> str:
        """The name of the band a score falls in."""
        return next(name for floor, name in self.bands if score >= floor)

    def is_risk(self, values: list[int]) -> bool:
        """True when a risk item is answered above its lowest option."""
        lowest = min(value for value, _ in self.options)
        return any(int(values[i]) > lowest for i in self.risk_items if i < len(values))


LIBRARY: dict[str, Measure] = {
    "phq9": Measure(
        id="phq9",
        title="PHQ-9",
        stem=published.PHQ9_STEM,
        items=published.PHQ9_ITEMS,
        options=published.FREQUENCY,
        bands=published.PHQ9_BANDS,
        risk_items=(8,),
        attribution=published.ATTRIBUTION,
        licence=published.PERMISSION,
    ),
    "gad7": Measure(
        id="gad7",
        title="GAD-7",
        stem=published.GAD7_STEM,
        items=published.GAD7_ITEMS,
        options=published.FREQUENCY,
        bands=published.GAD7_BANDS,
        risk_items=(),
        attribution=published.ATTRIBUTION,
        licence=published.PERMISSION,
    ),
}


def get(measure_id: str) -> Measure:
    """The measure with this id; KeyError names it when the library has no such measure."""
    return LIBRARY[measure_id]
