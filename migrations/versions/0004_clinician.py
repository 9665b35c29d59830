"""clinician schema

The clinician workspace needs no schema change of its own: the columns it uses (intake status,
assignment, follow-up date, notes and history; practice settings; user TOTP requirement) were
created with the initial schema in 0001. This revision stays so the chain keeps its place.

Revision ID: 0004
Revises: 0003
"""

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    """Nothing to change (see the module docstring)."""


def downgrade():
    """Nothing to undo."""
