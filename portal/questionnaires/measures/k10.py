"""K10: the Kessler Psychological Distress Scale, Australian wording and scoring (10-50)."""

from __future__ import annotations

from portal.questionnaires.measures.model import Licence, Measure

# Two wordings are published. Kessler's US original asks "During the last 30 days, about how
# often did you feel ...", orders "so depressed that nothing could cheer you up" before
# "everything was an effort", and codes All of the time = 1. The Australian version (Andrews
# and Slade 2001), whose 1-5 scoring and 10-50 bands are the ones in wide use, asks "In the
# past 4 weeks: About how often did you feel ..." with item 9 "so sad that nothing could
# cheer you up". The bands belong to that version, so its words are the ones followed here.
STEM = "In the past 4 weeks:"
OPTIONS = (
    (1, "None of the time"),
    (2, "A little of the time"),
    (3, "Some of the time"),
    (4, "Most of the time"),
    (5, "All of the time"),
)
ITEMS = (
    "About how often did you feel tired out for no good reason?",
    "About how often did you feel nervous?",
    "About how often did you feel so nervous that nothing could calm you down?",
    "About how often did you feel hopeless?",
    "About how often did you feel restless or fidgety?",
    "About how often did you feel so restless you could not sit still?",
    "About how often did you feel depressed?",
    "About how often did you feel that everything was an effort?",
    "About how often did you feel so sad that nothing could cheer you up?",
    "About how often did you feel worthless?",
)
BANDS = ((30, "very high"), (22, "high"), (16, "moderate"), (10, "low"))
INTERPRETATION = (
    "Andrews and Slade (2001): 10-15 low, 16-21 moderate, 22-29 high, 30-50 very high "
    "psychological distress (the categories the Australian Bureau of Statistics reports)."
)
COPYRIGHT = "Copyright © Ronald C. Kessler, PhD. All rights reserved"

K10 = Measure(
    id="k10",
    title="K10",
    topic="distress",
    name="Kessler Psychological Distress Scale",
    stem=STEM,
    items=ITEMS,
    options=OPTIONS,
    bands=BANDS,
    risk_items=(),
    attribution=COPYRIGHT,
    licence=Licence(
        terms=(
            "Use of the K6 and K10 is free and does not require any formal permission or "
            "approval (Kessler's K10 and K6 page); the copyright line and the citation to the "
            "source publication are to be kept with them: Kessler, R.C., "
            "Barker, P.R., Colpe, L.J., Epstein, J.F., Gfroerer, J.C., Hiripi, E., Howes, M.J, "
            "Normand, S-L.T., Manderscheid, R.W., Walters, E.E., Zaslavsky, A.M. (2003). "
            "Screening for serious mental illness in the general population. Archives of "
            "General Psychiatry, 60(2), 184-189."
        ),
        electronic_use_free=True,
    ),
    interpretation=INTERPRETATION,
    source=(
        "Australian K10 form (Andrews and Slade 2001, Australian and New Zealand Journal of "
        "Public Health 25:494-497); copyright and terms from the scales' Harvard NCS page."
    ),
)
