"""`portal` commands of the shelf feature (thin: they call the feature's services)."""

COMMANDS: list = []
