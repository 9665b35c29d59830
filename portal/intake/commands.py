"""`portal` commands of the intake feature (thin: they call the feature's services)."""

COMMANDS: list = []
