"""The clinician workspace: inbox, pipeline, shelf curation, handouts, settings, users, audit."""
