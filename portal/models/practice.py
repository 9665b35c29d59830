"""The practice's own settings: one row that the owner edits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import db
from portal.models.base import utcnow


class Practice(db.Model):
    """Profile, urgent-help numbers, intake policy, retention and consent text of the practice."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="Our practice")
    tagline: Mapped[str] = mapped_column(String(240), default="")
    clinicians_shown: Mapped[str] = mapped_column(String(240), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    logo_filename: Mapped[str | None] = mapped_column(String(80))
    help_preset: Mapped[str] = mapped_column(String(16), default="US")
    # Date order, ZIP or postcode and phone examples follow the country; times show in the zone.
    country: Mapped[str] = mapped_column(String(2), default="US")
    time_zone: Mapped[str] = mapped_column(String(64), default="America/New_York")
    urgent_help: Mapped[list] = mapped_column(JSON, default=list)
    service_areas: Mapped[list] = mapped_column(JSON, default=list)
    min_age: Mapped[int] = mapped_column(default=18)
    reply_days: Mapped[int] = mapped_column(default=2)
    accepting: Mapped[str] = mapped_column(String(16), default="accepting")
    retention: Mapped[dict] = mapped_column(JSON, default=dict)
    consent_text: Mapped[str] = mapped_column(Text, default="")
    privacy_text: Mapped[str] = mapped_column(Text, default="")
    # The same statements in Spanish, shown to a visitor reading in Spanish.
    consent_text_es: Mapped[str] = mapped_column(Text, default="", server_default="")
    privacy_text_es: Mapped[str] = mapped_column(Text, default="", server_default="")
    paper: Mapped[str] = mapped_column(String(8), default="letter")
    require_totp: Mapped[bool] = mapped_column(default=False)
    assigned_only: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
