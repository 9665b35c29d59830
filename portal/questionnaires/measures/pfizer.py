"""PHQ-9, GAD-7 and PHQ-15: the Pfizer PHQ screeners, word for word, with their scoring."""

from __future__ import annotations

from portal.questionnaires.measures.model import FollowUp, Licence, Measure

# The published English text of the Pfizer forms, word for word: a changed word makes it a
# different (unvalidated) measure. tests/data/measures_published.json holds a separate copy.
ATTRIBUTION = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc."
)
PERMISSION = "No permission required to reproduce, translate, display or distribute."
LICENCE = Licence(
    terms=f"Pfizer PHQ screeners: “{PERMISSION}” (printed on each form).",
    electronic_use_free=True,
)

FREQUENCY = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)
DIFFICULTY = (
    ("not_difficult", "Not difficult at all"),
    ("somewhat", "Somewhat difficult"),
    ("very", "Very difficult"),
    ("extremely", "Extremely difficult"),
)

PHQ9_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
GAD7_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"
# Each form words its difficulty question a little differently ("these problems", "these").
PHQ9_DIFFICULTY = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)
GAD7_DIFFICULTY = (
    "If you checked off any problems, how difficult have these made it for you to do your "
    "work, take care of things at home, or get along with other people?"
)

PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
GAD7_ITEMS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)

# (lowest score of the band, band name), highest first.
PHQ9_BANDS = (
    (20, "severe"),
    (15, "moderately severe"),
    (10, "moderate"),
    (5, "mild"),
    (0, "minimal"),
)
GAD7_BANDS = ((15, "severe"), (10, "moderate"), (5, "mild"), (0, "minimal"))

# PHQ-15 as printed on Pfizer's stand-alone "PHYSICAL SYMPTOMS (PHQ-15)" form. The full PHQ
# words the stem "During the last 4 weeks" with "Not bothered"; the stand-alone form, whose
# options are "Not bothered at all", is the one followed here. Its last two items ("Feeling
# tired or having low energy", "Trouble sleeping") are scored from the PHQ-9 page in the full
# PHQ; the stand-alone form asks them here, in these words (not the PHQ-9's "little energy").
PHQ15_STEM = (
    "During the past 4 weeks, how much have you been bothered by any of the following problems?"
)
PHQ15_OPTIONS = ((0, "Not bothered at all"), (1, "Bothered a little"), (2, "Bothered a lot"))
PHQ15_ITEMS = (
    "Stomach pain",
    "Back pain",
    "Pain in your arms, legs, or joints (knees, hips, etc.)",
    "Menstrual cramps or other problems with your periods",
    "Headaches",
    "Chest pain",
    "Dizziness",
    "Fainting spells",
    "Feeling your heart pound or race",
    "Shortness of breath",
    "Pain or problems during sexual intercourse",
    "Constipation, loose bowels, or diarrhea",
    "Nausea, gas, or indigestion",
    "Feeling tired or having low energy",
    "Trouble sleeping",
)
PHQ15_BANDS = ((15, "high"), (10, "medium"), (5, "low"), (0, "minimal"))
PFIZER_SOURCE = (
    "Pfizer PHQ screeners, English forms; bands from the PHQ instruction manual and "
    "Kroenke, Spitzer and Williams (2002), Psychosomatic Medicine 64:258-266 (PHQ-15)."
)

PHQ9 = Measure(
    id="phq9",
    title="PHQ-9",
    topic="mood",
    name="Patient Health Questionnaire-9",
    stem=PHQ9_STEM,
    items=PHQ9_ITEMS,
    options=FREQUENCY,
    bands=PHQ9_BANDS,
    risk_items=(8,),  # item 9: thoughts of being better off dead or of self-harm
    attribution=f"{ATTRIBUTION} {PERMISSION}",
    licence=LICENCE,
    follow_up=FollowUp("difficulty", PHQ9_DIFFICULTY, DIFFICULTY),
    source=PFIZER_SOURCE,
)
GAD7 = Measure(
    id="gad7",
    title="GAD-7",
    topic="worry",
    name="Generalized Anxiety Disorder 7-item scale",
    stem=GAD7_STEM,
    items=GAD7_ITEMS,
    options=FREQUENCY,
    bands=GAD7_BANDS,
    risk_items=(),
    attribution=f"{ATTRIBUTION} {PERMISSION}",
    licence=LICENCE,
    follow_up=FollowUp("difficulty", GAD7_DIFFICULTY, DIFFICULTY),
    source=PFIZER_SOURCE,
)
PHQ15 = Measure(
    id="phq15",
    title="PHQ-15",
    topic="physical symptoms",
    name="Patient Health Questionnaire-15 (physical symptoms)",
    stem=PHQ15_STEM,
    items=PHQ15_ITEMS,
    options=PHQ15_OPTIONS,
    bands=PHQ15_BANDS,
    risk_items=(),
    attribution=f"{ATTRIBUTION} {PERMISSION}",
    licence=LICENCE,
    item_notes=((3, "WOMEN ONLY"),),  # printed beside item d on the form
    interpretation=(
        "PHQ-15 scores of 5, 10, 15, represented cutoff points for low, medium, and high "
        "somatic symptom severity, respectively."
    ),
    source=PFIZER_SOURCE,
)
