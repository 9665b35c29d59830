"""Typed models, one module per domain; importing this package registers them all for Alembic."""

from portal.models.accounts import RecoveryCode, StaffSession, User
from portal.models.audit import AuditEvent
from portal.models.forms import Form, FormVersion
from portal.models.handouts import Packet
from portal.models.intake import Intake, IntakeDraft, IntakeEvent, IntakeNote, OutboxMessage
from portal.models.practice import Practice
from portal.models.shelf import Article, ArticleRevision, Topic, article_topic

__all__ = [
    "Article",
    "ArticleRevision",
    "AuditEvent",
    "Form",
    "FormVersion",
    "Intake",
    "IntakeDraft",
    "IntakeEvent",
    "IntakeNote",
    "OutboxMessage",
    "Packet",
    "Practice",
    "RecoveryCode",
    "StaffSession",
    "Topic",
    "User",
    "article_topic",
]
