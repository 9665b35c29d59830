"""audit chain keyed with HMAC; the head recorded outside the database

Revision ID: 0008
Revises: 0007
"""

from alembic import op
from flask import current_app

from portal.security import audit_head
from portal.security.audit import keyed_digest, legacy_digest, rekey

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Earlier releases chained audit rows with a plain SHA-256, which anyone who can write to the
# database can recompute. This re-hashes the existing rows under the audit key (stopping at the
# first row that fails its old hash, so an earlier edit stays visible) and records the new head
# in the instance folder. No table changes: the hash columns keep their width.
# Once a head file exists the trail has been keyed before: someone who can write to the database
# could set alembic_version back and recompute rows with the old SHA-256 to have them re-keyed,
# so then nothing is re-keyed and the recorded head stays as it is.


def upgrade():
    path = audit_head.head_path(current_app)
    if audit_head.read(path) is not None:
        return
    head = rekey(op.get_bind(), legacy_digest, keyed_digest(current_app.config["AUDIT_KEY"]))
    audit_head.reset(path, head)


def downgrade():
    key = keyed_digest(current_app.config["AUDIT_KEY"])
    rekey(op.get_bind(), key, legacy_digest)
    audit_head.reset(audit_head.head_path(current_app), None)
