"""intakes sent from a link point back (a couple's second part, a short enquiry's full form);
every intake records the language its questions were read in

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

COLUMNS = ("partner_of_id", "follows_id")


def upgrade():
    with op.batch_alter_table("intake") as batch:
        batch.add_column(
            sa.Column("language", sa.String(8), nullable=False, server_default="en")
        )
        for column in COLUMNS:
            batch.add_column(sa.Column(column, sa.String(32), nullable=True))
            batch.create_index(f"ix_intake_{column}", [column])
            batch.create_foreign_key(
                f"fk_intake_{column}_intake", "intake", [column], ["id"], ondelete="SET NULL"
            )


def downgrade():
    with op.batch_alter_table("intake") as batch:
        for column in COLUMNS:
            batch.drop_constraint(f"fk_intake_{column}_intake", type_="foreignkey")
            batch.drop_index(f"ix_intake_{column}")
            batch.drop_column(column)
        batch.drop_column("language")
