"""Staff accounts and their server-side sessions."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import db
from portal.models.base import utcnow

ROLES = ("owner", "clinician")


class User(UserMixin, db.Model):
    """A staff member: owner (runs the practice) or clinician."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="clinician")
    is_enabled: Mapped[bool] = mapped_column(default=True)
    totp_secret: Mapped[str | None] = mapped_column(String(512))  # encrypted
    totp_required: Mapped[bool] = mapped_column(default=False)
    totp_last_step: Mapped[int | None]  # the newest code step accepted; older ones are replays
    failed_login_count: Mapped[int] = mapped_column(default=0)
    failed_window_start_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    must_change_password: Mapped[bool] = mapped_column(default=False)  # set by an owner reset

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses deactivated accounts."""
        return self.is_enabled

    @property
    def is_owner(self) -> bool:
        """Owners manage settings, users and the audit log."""
        return self.role == "owner"

    @property
    def has_totp(self) -> bool:
        """True once the user has enrolled a second factor."""
        return self.totp_secret is not None

    @property
    def name(self) -> str:
        """What the interface calls this person."""
        return self.display_name or self.email


class StaffSession(db.Model):
    """A signed-in browser; revoking the row ends the session even if its cookie is replayed."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie token
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    authenticated_at: Mapped[datetime] = mapped_column(default=utcnow)
    second_factor_at: Mapped[datetime | None]  # when this browser last proved the second factor
    agent_hash: Mapped[str] = mapped_column(String(64), default="")  # sha256 of the User-Agent
    revoked_at: Mapped[datetime | None]


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app; only its hash is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]
