"""PHQ-9, GAD-7 and PHQ-15: the Pfizer PHQ screeners, word for word, with their scoring."""

from __future__ import annotations

from portal.questionnaires.measures.model import FollowUp, Licence, Measure, Translation

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

# The Pfizer forms' "Spanish for the USA" translation, word for word (the permission line is
# printed on it in these words). Its validation among Spanish-speaking Hispanic Americans:
# Merz et al. (2011) for the PHQ-9, Mills et al. (2014) for the GAD-7. The GAD-7 form's own
# Spanish difficulty question could not be checked word for word here, so it is not asked in
# Spanish (it is never scored); the PHQ-9's is.
ES_PERMISSION = "No se requiere permiso para reproducir, traducir, presentar o distribuir."
ES_STEM = (
    "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los "
    "siguientes problemas?"
)
ES_FREQUENCY = ("Ningún día", "Varios días", "Más de la mitad de los días", "Casi todos los días")
ES_DIFFICULTY = ("No ha sido difícil", "Un poco difícil", "Muy difícil", "Extremadamente difícil")
ES_PHQ9_DIFFICULTY = (
    "Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos problemas "
    "para hacer su trabajo, encargarse de las tareas del hogar, o llevarse bien con otras "
    "personas?"
)
ES_PHQ9_ITEMS = (
    "Poco interés o placer en hacer cosas",
    "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
    "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado",
    "Se ha sentido cansado(a) o con poca energía",
    "Sin apetito o ha comido en exceso",
    "Se ha sentido mal con usted mismo(a) – o que es un fracaso o que ha quedado mal con "
    "usted mismo(a) o con su familia",
    "Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el "
    "periódico o ver la televisión",
    "¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo "
    "contrario – muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal",
    "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera",
)
ES_GAD7_ITEMS = (
    "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta",
    "No ha sido capaz de parar o controlar su preocupación",
    "Se ha preocupado demasiado por motivos diferentes",
    "Ha tenido dificultad para relajarse",
    "Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)",
    "Se ha molestado o irritado fácilmente",
    "Ha tenido miedo de que algo terrible fuera a pasar",
)
ES_CREDIT = (
    "Elaborado por los doctores Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke y "
    "colegas, con una subvención educativa de Pfizer Inc. Traducción al español para EE. UU. "
    "de los cuestionarios PHQ de Pfizer"
)
ES_PHQ9_VALIDATION = (
    "validada en hispanas de EE. UU. por Merz y colegas (2011), Cultural Diversity and Ethnic "
    "Minority Psychology 17(3):309-316"
)
ES_GAD7_VALIDATION = (
    "validada en hispanos de EE. UU. por Mills y colegas (2014), Cultural Diversity and Ethnic "
    "Minority Psychology 20(3):463-468"
)
ES_SOURCE = "Pfizer PHQ screeners, Spanish for the USA forms"

PHQ9_ES = Translation(
    stem=ES_STEM,
    items=ES_PHQ9_ITEMS,
    options=ES_FREQUENCY,
    attribution=f"{ES_CREDIT}, {ES_PHQ9_VALIDATION}. {ES_PERMISSION}",
    source=f"{ES_SOURCE}; validation: Merz et al. (2011).",
    follow_up=FollowUp(
        "difficulty",
        ES_PHQ9_DIFFICULTY,
        tuple((code, words) for (code, _), words in zip(DIFFICULTY, ES_DIFFICULTY, strict=True)),
    ),
)
GAD7_ES = Translation(
    stem=ES_STEM,
    items=ES_GAD7_ITEMS,
    options=ES_FREQUENCY,
    attribution=f"{ES_CREDIT}, {ES_GAD7_VALIDATION}. {ES_PERMISSION}",
    source=f"{ES_SOURCE}; validation: Mills et al. (2014).",
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
    translations=(("es", PHQ9_ES),),
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
    translations=(("es", GAD7_ES),),
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
