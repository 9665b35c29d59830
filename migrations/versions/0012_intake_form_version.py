"""every intake records the form and version it answered

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Intakes made before forms became data answered the hand-written adult journey, which is
# version 1 of the built-in adult form; the server defaults give every existing row exactly that.
ADULT_URL = "urn:practice-portal:questionnaire:adult"


def upgrade():
    with op.batch_alter_table("intake") as batch:
        batch.add_column(
            sa.Column("form_url", sa.String(200), nullable=False, server_default=ADULT_URL)
        )
        batch.add_column(
            sa.Column("form_version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade():
    with op.batch_alter_table("intake") as batch:
        batch.drop_column("form_version")
        batch.drop_column("form_url")
