"""`portal` commands of the handouts feature (thin: they call the feature's services)."""

COMMANDS: list = []
