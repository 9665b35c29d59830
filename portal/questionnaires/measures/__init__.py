"""The measure library: standard questionnaires a form includes, with their own scoring.

A form author includes a measure by its id; its items, answer options, scoring, bands and
risk items come from here, never from the form, so a condition can never change a score.

Shipped (each free to show and complete electronically; terms recorded per measure):
PHQ-9, GAD-7, PHQ-15 (Pfizer: no permission required), PCL-5 (US VA National Center for
PTSD: public domain), WHO-5 (free, crediting the Psychiatric Research Unit) and K10 (free
for unrestricted use, keeping Kessler's copyright line and citation).

Not shipped, because electronic use needs a licence or permission from the owner: the
Columbia Suicide Severity Rating Scale (C-SSRS; Columbia's permission and terms for
electronic versions) and the Outcome and Session Rating Scales (ORS/SRS; licensed for
electronic use). `NOT_SHIPPED` records them so a test keeps them out.
"""

from __future__ import annotations

from portal.questionnaires.measures.fhir import MEASURE_EXTENSION
from portal.questionnaires.measures.k10 import K10
from portal.questionnaires.measures.model import FollowUp, Licence, Measure
from portal.questionnaires.measures.pcl5 import PCL5
from portal.questionnaires.measures.pfizer import GAD7, PHQ9, PHQ15
from portal.questionnaires.measures.who5 import WHO5

LIBRARY: dict[str, Measure] = {m.id: m for m in (PHQ9, GAD7, PHQ15, PCL5, WHO5, K10)}

NOT_SHIPPED: dict[str, str] = {
    "cssrs": "C-SSRS: electronic versions need permission and terms from Columbia University.",
    "ors": "Outcome Rating Scale: electronic use needs a licence from its owners.",
    "srs": "Session Rating Scale: electronic use needs a licence from its owners.",
}

__all__ = ["LIBRARY", "MEASURE_EXTENSION", "NOT_SHIPPED", "FollowUp", "Licence", "Measure", "get"]


def get(measure_id: str) -> Measure:
    """The measure with this id; KeyError names it when the library has no such measure."""
    return LIBRARY[measure_id]
