"""Intake forms and their versions; a published version is frozen, so old intakes keep their words.

The freeze is enforced here at flush time as well as in the service, so no caller (a careless
script, a future view) can rewrite the questions an intake was answered with.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import db
from portal.models.base import utcnow

VERSION_STATUSES = ("draft", "published")


class FrozenVersionError(RuntimeError):
    """A published form version was about to change or disappear."""


class Form(db.Model):
    """A form a practice offers (or keeps): its address, canonical url and title."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    url: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    is_offered: Mapped[bool] = mapped_column(default=False)  # listed on the intake start page
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list[FormVersion]] = relationship(
        back_populates="form", order_by="FormVersion.version"
    )


class FormVersion(db.Model):
    """One version of a form's definition (FHIR Questionnaire JSON); published ones are frozen."""

    __table_args__ = (UniqueConstraint("form_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("form.id"), index=True)
    version: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default="draft")
    definition: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    form: Mapped[Form] = relationship(back_populates="versions")

    @property
    def is_published(self) -> bool:
        """True once published: from then on nothing about it may change."""
        return self.status == "published"


@event.listens_for(FormVersion, "before_update")
def _refuse_changing_published(mapper, connection, target: FormVersion) -> None:
    """Refuse any change to a version that was already published when it was loaded."""
    state = inspect(target)
    was = state.attrs.status.history.deleted or [target.status]
    if "published" in was:
        changed = [a.key for a in state.attrs if a.history.has_changes()]
        raise FrozenVersionError(
            f"Version {target.version} is published and frozen; {', '.join(changed)} cannot change."
        )


@event.listens_for(FormVersion, "before_delete")
def _refuse_deleting_published(mapper, connection, target: FormVersion) -> None:
    """Intakes name the version they answered, so a published one is never deleted."""
    if inspect(target).attrs.status.history.deleted or target.status == "published":
        raise FrozenVersionError(f"Version {target.version} is published and cannot be deleted.")
