"""articles remember the source's own id and whether the summary was drawn from the body

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Re-imports are matched by the source's id (a WordPress guid, a Ghost id), never by title.
# A summary drawn from the body's first paragraph is not printed again above that paragraph.


def upgrade():
    with op.batch_alter_table("article") as batch:
        batch.add_column(sa.Column("source_id", sa.String(500), nullable=False, server_default=""))
        batch.add_column(
            sa.Column(
                "is_summary_from_body", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.create_index("ix_article_source_id", ["source_id"])


def downgrade():
    with op.batch_alter_table("article") as batch:
        batch.drop_index("ix_article_source_id")
        batch.drop_column("is_summary_from_body")
        batch.drop_column("source_id")
