"""the practice has its own country and time zone

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Until now the country was read from the urgent-help preset (an own list meant the US), and
# every time was shown in UTC. Existing practices keep the country they effectively had, and
# get that country's usual zone.


def upgrade():
    with op.batch_alter_table("practice") as batch:
        batch.add_column(sa.Column("country", sa.String(2), nullable=False, server_default="US"))
        batch.add_column(
            sa.Column(
                "time_zone", sa.String(64), nullable=False, server_default="America/New_York"
            )
        )
    practice = sa.table(
        "practice",
        sa.column("help_preset", sa.String),
        sa.column("country", sa.String),
        sa.column("time_zone", sa.String),
    )
    op.execute(
        practice.update()
        .where(practice.c.help_preset == "UK")
        .values(country="UK", time_zone="Europe/London")
    )


def downgrade():
    with op.batch_alter_table("practice") as batch:
        batch.drop_column("time_zone")
        batch.drop_column("country")
