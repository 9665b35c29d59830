"""articles have a language; the practice's consent and privacy statements have Spanish texts

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

STATEMENTS = ("consent_text_es", "privacy_text_es")


def upgrade():
    with op.batch_alter_table("article") as batch:
        batch.add_column(sa.Column("language", sa.String(8), nullable=False, server_default="en"))
        batch.create_index("ix_article_language", ["language"])
    with op.batch_alter_table("practice") as batch:
        for column in STATEMENTS:
            batch.add_column(sa.Column(column, sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("practice") as batch:
        for column in STATEMENTS:
            batch.drop_column(column)
    with op.batch_alter_table("article") as batch:
        batch.drop_index("ix_article_language")
        batch.drop_column("language")
