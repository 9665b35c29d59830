"""a couple's second partner's intake points at the first partner's

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("intake") as batch:
        batch.add_column(sa.Column("partner_of_id", sa.String(32), nullable=True))
        batch.create_index("ix_intake_partner_of_id", ["partner_of_id"])
        batch.create_foreign_key(
            "fk_intake_partner_of_id_intake",
            "intake",
            ["partner_of_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("intake") as batch:
        batch.drop_constraint("fk_intake_partner_of_id_intake", type_="foreignkey")
        batch.drop_index("ix_intake_partner_of_id")
        batch.drop_column("partner_of_id")
