"""account security: recovery codes, forced password change, second-factor sessions

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    """Add recovery codes and the columns for forced password changes and bound sessions."""
    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_recovery_code_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_recovery_code_code_hash")),
    )
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recovery_code_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("second_factor_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("agent_hash", sa.String(length=64), nullable=False, server_default="")
        )


def downgrade():
    """Remove what upgrade added.

    Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL) instead of a batch table copy: copying
    `user` would drop the table, and with foreign keys on that deletes or blocks its child rows.
    """
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recovery_code_user_id"))
    op.drop_table("recovery_code")
    for table, column in DROPPED:
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN {column}')


DROPPED = (
    ("staff_session", "agent_hash"),
    ("staff_session", "second_factor_at"),
    ("user", "must_change_password"),
)
