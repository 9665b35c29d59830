"""Intake forms as data: FHIR Questionnaire definitions, their frozen versions, the built-ins."""

# The canonical url of the built-in adult form ("For myself"): every intake made before forms
# became data answered version 1 of it.
ADULT_URL = "urn:practice-portal:questionnaire:adult"
ADULT_FIRST_VERSION = 1
GUARDIAN_URL = "urn:practice-portal:questionnaire:guardian"  # "For my child or teen"
COUPLE_URL = "urn:practice-portal:questionnaire:couple"  # "For us as a couple"
SHORT_URL = "urn:practice-portal:questionnaire:short"  # "A short enquiry"
BUILTIN_URLS = (ADULT_URL, GUARDIAN_URL, COUPLE_URL, SHORT_URL)
