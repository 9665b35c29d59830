"""search rows carry the article status (PostgreSQL)

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# PostgreSQL searched through a join to article only to filter by status; with thousands of
# matches that join was half the time of a search. The status now sits in the search row, as it
# already does in SQLite's FTS5 table (kept current by search.index_article on every save).
POSTGRES_UP = (
    "ALTER TABLE article_search ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'draft'",
    "UPDATE article_search s SET status = a.status FROM article a WHERE a.id = s.article_id",
)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_UP:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE article_search DROP COLUMN status")
