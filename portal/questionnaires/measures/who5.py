"""WHO-5: the WHO-Five Well-Being Index (1998 version), word for word, with its percentage."""

from __future__ import annotations

from portal.questionnaires.measures.model import Licence, Measure

# The 1998 English sheet: the items complete its column heading "Over the last two weeks".
STEM = "Over the last two weeks"
OPTIONS = (
    (5, "All of the time"),
    (4, "Most of the time"),
    (3, "More than half of the time"),
    (2, "Less than half of the time"),
    (1, "Some of the time"),
    (0, "At no time"),
)
ITEMS = (
    "I have felt cheerful and in good spirits",
    "I have felt calm and relaxed",
    "I have felt active and vigorous",
    "I woke up feeling fresh and rested",
    "My daily life has been filled with things that interest me",
)
# Bands are on the percentage (raw x 4). Raw below 13 is a percentage of 48 or less; the next
# possible percentage is 52, so "percentage 50 or less" and "raw below 13" are the same band.
BANDS = ((52, "above the poor well-being cut-off"), (0, "poor well-being"))
INTERPRETATION = (
    "It is recommended to administer the Major Depression (ICD-10) Inventory if the raw score "
    "is below 13 or if the patient has answered 0 to 1 to any of the five items. A score below "
    "13 indicates poor well-being and is an indication for testing for depression under ICD-10."
)

WHO5 = Measure(
    id="who5",
    title="WHO-5",
    topic="well-being",
    name="WHO-Five Well-Being Index",
    stem=STEM,
    items=ITEMS,
    options=OPTIONS,
    bands=BANDS,
    risk_items=(),
    multiplier=4,
    score_label="percentage score",
    # Reprints differ: "Centre in Mental Health" (most, and the 1998 sheets' footer) or
    # "Center for Mental Health"; the Unit is now part of Mental Health Centre North Zealand.
    attribution=(
        "Psychiatric Research Unit, WHO Collaborating Centre in Mental Health, "
        "Frederiksborg General Hospital, DK-3400 Hillerød"
    ),
    licence=Licence(
        terms=(
            "Free to use without permission or fee, crediting the source. The Psychiatric "
            "Research Unit (Mental Health Centre North Zealand, Denmark) keeps the official "
            "versions and asks that any altered wording be marked as altered; none is altered here."
        ),
        electronic_use_free=True,
    ),
    interpretation=INTERPRETATION,
    source="WHO-5 1998 English sheet (Psychiatric Research Unit), with its scoring and advice.",
)
