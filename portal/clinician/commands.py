"""`portal` commands of the clinician feature (thin: they call the feature's services)."""

COMMANDS: list = []
