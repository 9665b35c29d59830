"""PDF handouts: one WeasyPrint engine for handouts, packets and the intake summary."""
