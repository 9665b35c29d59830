"""PCL-5: the PTSD Checklist for DSM-5 (US VA National Center for PTSD), word for word."""

from __future__ import annotations

from portal.questionnaires.measures.model import Licence, Measure

# The standard (past month) version, as dated 11 April 2018 by the National Center for PTSD.
# Copies on the web differ in small ways (item 9 "thoughts like:", item 18 "jumpy, or");
# these words follow the Center's own form. Quotation marks as printed: “superalert”.
STEM = "In the past month, how much were you bothered by:"
OPTIONS = (
    (0, "Not at all"),
    (1, "A little bit"),
    (2, "Moderately"),
    (3, "Quite a bit"),
    (4, "Extremely"),
)
ITEMS = (
    "Repeated, disturbing, and unwanted memories of the stressful experience?",
    "Repeated, disturbing dreams of the stressful experience?",
    "Suddenly feeling or acting as if the stressful experience were actually happening again "
    "(as if you were actually back there reliving it)?",
    "Feeling very upset when something reminded you of the stressful experience?",
    "Having strong physical reactions when something reminded you of the stressful experience "
    "(for example, heart pounding, trouble breathing, sweating)?",
    "Avoiding memories, thoughts, or feelings related to the stressful experience?",
    "Avoiding external reminders of the stressful experience (for example, people, places, "
    "conversations, activities, objects, or situations)?",
    "Trouble remembering important parts of the stressful experience?",
    "Having strong negative beliefs about yourself, other people, or the world (for example, "
    "having thoughts such as: I am bad, there is something seriously wrong with me, no one can "
    "be trusted, the world is completely dangerous)?",
    "Blaming yourself or someone else for the stressful experience or what happened after it?",
    "Having strong negative feelings such as fear, horror, anger, guilt, or shame?",
    "Loss of interest in activities that you used to enjoy?",
    "Feeling distant or cut off from other people?",
    "Trouble experiencing positive feelings (for example, being unable to feel happiness or "
    "have loving feelings for people close to you)?",
    "Irritable behavior, angry outbursts, or acting aggressively?",
    "Taking too many risks or doing things that could cause you harm?",
    "Being “superalert” or watchful or on guard?",
    "Feeling jumpy or easily startled?",
    "Having difficulty concentrating?",
    "Trouble falling or staying asleep?",
)
# The Center gives a range, not one number, so the bands keep the range visible: at or above
# 33 is above every cut-point it names, 31-32 is inside its range, below 31 is below it.
BANDS = (
    (33, "probable PTSD"),
    (31, "within the provisional cut-point range (31-33)"),
    (0, "below the provisional cut-point range"),
)
INTERPRETATION = (
    "Initial research suggests that a PCL-5 cutoff score between 31-33 is indicative of "
    "probable PTSD across samples. However, additional research is needed."
)

PCL5 = Measure(
    id="pcl5",
    title="PCL-5",
    topic="trauma symptoms",
    name="PTSD Checklist for DSM-5",
    stem=STEM,
    items=ITEMS,
    options=OPTIONS,
    bands=BANDS,
    risk_items=(),  # the PCL-5 has no self-harm item; item 16 is about risk-taking
    attribution=(
        "Weathers, F. W., Litz, B. T., Keane, T. M., Palmieri, P. A., Marx, B. P., & Schnurr, "
        "P. P. (2013). The PTSD Checklist for DSM-5 (PCL-5) – Standard [Measurement instrument]. "
        "Available from https://www.ptsd.va.gov/"
    ),
    licence=Licence(
        terms=(
            "Developed by staff of the US Department of Veterans Affairs National Center for "
            "PTSD; in the public domain, free to use and to complete electronically."
        ),
        electronic_use_free=True,
    ),
    interpretation=INTERPRETATION,
    source="National Center for PTSD, PCL-5 standard form and its scoring page (ptsd.va.gov).",
)
