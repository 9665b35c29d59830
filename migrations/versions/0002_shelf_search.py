"""shelf search schema

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Full-text search differs per database and is left out of autogenerate (names start with
# "article_search"): SQLite gets an FTS5 table keyed by article id, PostgreSQL a table holding a
# weighted tsvector with a GIN index (and the title's own tsvector, so title matches rank first).
SQLITE_SEARCH = (  # status and topic ids ("t12") are indexed too: one MATCH does all filtering
    "CREATE VIRTUAL TABLE article_search USING fts5("
    "title, summary, body, status, topics, tokenize = 'porter unicode61 remove_diacritics 2')"
)
SQLITE_FILL = (
    "INSERT INTO article_search (rowid, title, summary, body, status, topics) "
    "SELECT id, title, summary, body_md, status, coalesce((SELECT group_concat('t' || topic_id, "
    "' ') FROM article_topic WHERE article_id = article.id), '') FROM article"
)
POSTGRES_SEARCH = (
    "CREATE TABLE article_search ("
    "article_id INTEGER PRIMARY KEY REFERENCES article (id) ON DELETE CASCADE, "
    "body TEXT NOT NULL DEFAULT '', "
    "document TSVECTOR NOT NULL, "
    "title_document TSVECTOR NOT NULL)",
    "CREATE INDEX article_search_document_idx ON article_search USING GIN (document)",
    "INSERT INTO article_search (article_id, body, document, title_document) "
    "SELECT id, body_md, "
    "setweight(to_tsvector('english', title), 'A') || "
    "setweight(to_tsvector('english', summary), 'B') || "
    "setweight(to_tsvector('english', body_md), 'D'), "
    "to_tsvector('english', title) FROM article",
)


def upgrade():
    # ADD COLUMN needs a default for existing rows; keeping it avoids a SQLite table rebuild
    # (which would cascade-delete revisions and topic links).
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_bio", sa.Text(), nullable=False, server_default=""))
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_SEARCH:
            op.execute(statement)
    else:
        op.execute(SQLITE_SEARCH)
        op.execute(SQLITE_FILL)


def downgrade():
    op.execute("DROP TABLE IF EXISTS article_search")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("author_bio")
