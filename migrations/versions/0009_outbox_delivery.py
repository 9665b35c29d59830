"""outbox: encrypted resume-link recipient, urgency, intake link, send lease, expiry

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sealed", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("is_urgent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("intake_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_message_is_urgent"), ["is_urgent"])
        batch_op.create_index(batch_op.f("ix_outbox_message_intake_id"), ["intake_id"])
        batch_op.create_index(batch_op.f("ix_outbox_message_sent_at"), ["sent_at"])
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_message_intake_id_intake"),
            "intake",
            ["intake_id"],
            ["id"],
            ondelete="CASCADE",
        )
    # Messages queued by the previous release: an urgent one says so in its payload.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "UPDATE outbox_message SET is_urgent = true WHERE (payload->>'urgent')::boolean"
        )
    else:
        op.execute(
            "UPDATE outbox_message SET is_urgent = 1 WHERE json_extract(payload, '$.urgent') = 1"
        )
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.alter_column("sealed", server_default=None)
        batch_op.alter_column("is_urgent", server_default=None)


def downgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_message_intake_id_intake"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_outbox_message_sent_at"))
        batch_op.drop_index(batch_op.f("ix_outbox_message_intake_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_message_is_urgent"))
        batch_op.drop_column("expires_at")
        batch_op.drop_column("locked_until")
        batch_op.drop_column("intake_id")
        batch_op.drop_column("is_urgent")
        batch_op.drop_column("sealed")
