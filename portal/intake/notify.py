"""The intake's emails, all via the outbox: the practice notification, the resume link,
a couple's second partner's own link and a short enquiry's full form.

No email carries anything a person wrote. The notification says only that an enquiry
arrived (and whether it is urgent); the resume email carries only the link; the others only
who asks (the practice), what the link is for and the link, never a name or an answer.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from limits import parse_many

from portal import i18n
from portal.extensions import limiter
from portal.mail import outbox
from portal.models import OutboxMessage
from portal.models.base import utcnow
from portal.practice_time import local_time
from portal.security.crypto import blind_index

KIND_NEW_INTAKE = "new_intake"
KIND_RESUME_LINK = "resume_link"
KIND_PARTNER_LINK = "partner_link"
KIND_FULL_FORM_LINK = "full_form_link"
RESUME_MAIL_HOURS = 24  # a resume email arriving later than this would only confuse


def queue_new_intake(is_urgent: bool, intake_id: str | None = None) -> OutboxMessage:
    """Queue "a new enquiry arrived" (urgent or not) in the caller's transaction."""
    return outbox.queue(
        KIND_NEW_INTAKE, {"urgent": bool(is_urgent)}, urgent=is_urgent, intake_id=intake_id
    )


def queue_resume_link(to: str, link: str) -> OutboxMessage:
    """Queue the resume-link email, in the visitor's language; address and link are sealed
    and dropped once it is sent."""
    expires = utcnow() + timedelta(hours=RESUME_MAIL_HOURS)
    sealed = {"to": to, "link": link}
    payload = {"lang": i18n.current()}
    return outbox.queue(KIND_RESUME_LINK, payload, sealed=sealed, expires_at=expires)


def queue_link(kind: str, to: str, link: str, earlier, expires_at: datetime):
    """Queue a link to a draft started for someone (a couple's second partner, a short
    enquiry's full form), sealed like a resume link, in the language the earlier intake was
    answered in; worth sending until the draft expires, and noted on that intake."""
    sealed, payload = {"to": to, "link": link}, {"lang": earlier.language}
    return outbox.queue(kind, payload, sealed=sealed, intake_id=earlier.id, expires_at=expires_at)


def resume_mail_allowed(draft_id: str, to: str) -> bool:
    """Count one email against its draft and address (keyed hash), so nobody mails strangers."""
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or "portal"
    counters = [
        (current_app.config["INTAKE_RESUME_MAIL_LIMIT"], "resume-mail-draft", draft_id),
        (
            current_app.config["INTAKE_RESUME_MAIL_ADDRESS_LIMIT"],
            "resume-mail-address",
            blind_index(to, "resume-mail"),
        ),
    ]
    return all(
        limiter.limiter.hit(limit, prefix, name, key)
        for limits, name, key in counters
        for limit in parse_many(limits)
    )


def new_intake_email(is_urgent: bool, arrived_at: datetime | None = None) -> tuple[str, str]:
    """Subject and body of the practice notification: only that something arrived, when, where."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    subject = "URGENT: new enquiry received" if is_urgent else "New enquiry received"
    urgency = (
        "It is marked URGENT: the person may be at risk. Please review it as soon as you can."
        if is_urgent
        else "It is not marked urgent."
    )
    body = (
        "A new enquiry has arrived through the practice portal"
        f"{' on ' + local_time(arrived_at) if arrived_at else ''}.\n\n"
        f"{urgency}\n\n"
        f"Sign in to read it: {base}/auth/login\n\n"
        "For privacy, this email never contains anything the person wrote.\n"
    )
    return subject, body


def resume_email(link: str) -> tuple[str, str]:
    """Subject and body of the email that carries only a resume link."""
    asked = _("You asked us to email you a link to continue your enquiry.")
    limited = _(
        "The link works for a limited time. If you did not ask for this, you can ignore it."
    )
    return _("Your link to continue your enquiry"), f"{asked}\n\n{link}\n\n{limited}\n"


# The emails that carry a link to a draft started for someone: (subject, what it is for).
LINK_EMAILS = {
    KIND_PARTNER_LINK: (
        _l("Your own part of a couples enquiry"),
        _l(
            "You have been asked to fill in your own part of a couples therapy enquiry with "
            "%(practice)s.\n\nYour part is yours alone: your partner will not see your "
            "answers, and you will not see theirs. The therapist reads both before you meet."
        ),
    ),
    KIND_FULL_FORM_LINK: (
        _l("The rest of your enquiry form"),
        _l(
            "Thank you for your enquiry. %(practice)s has asked you to fill in the rest of "
            "the enquiry form, so we can prepare for a first conversation.\n\nWhat you "
            "already told us is filled in, and you can change any of it."
        ),
    ),
}


def link_email(kind: str, link: str, days: int) -> tuple[str, str]:
    """Subject and body of an email carrying a link to a draft: the practice, what the link
    is for and the link; never anything a person wrote (nor their name)."""
    from portal.practice import get_practice

    subject, purpose = LINK_EMAILS[kind]
    practice = get_practice().name or _("our practice")
    works = _(
        "The link works for %(days)s days and opens your form in one browser. If you were "
        "not expecting this, you can ignore it: nothing is kept about you unless you fill "
        "it in.",
        days=days,
    )
    return str(subject), f"{str(purpose) % {'practice': practice}}\n\n{link}\n\n{works}\n"


def notify_address() -> str | None:
    """Where practice notifications go: NOTIFY_TO, else the practice email."""
    from portal.practice import get_practice

    return current_app.config.get("NOTIFY_TO") or get_practice().email or None


@outbox.renderer(KIND_NEW_INTAKE)
def _write_new_intake(message: OutboxMessage, sealed: dict) -> tuple[str | None, str, str]:
    """The practice notification for an outbox row."""
    urgent = bool(message.payload.get("urgent"))
    return (notify_address(), *new_intake_email(urgent, message.created_at))


@outbox.renderer(KIND_RESUME_LINK)
def _write_resume_link(message: OutboxMessage, sealed: dict) -> tuple[str | None, str, str]:
    """The resume-link email for an outbox row (its sealed address and link)."""
    with force_locale(message.payload.get("lang") or "en"):
        return (sealed.get("to"), *resume_email(sealed.get("link", "")))


def _write_link(message: OutboxMessage, sealed: dict) -> tuple[str | None, str, str]:
    """An email carrying a link to a draft, for an outbox row (its sealed address and link)."""
    days = max(1, round((message.expires_at - message.created_at).total_seconds() / 86400))
    with force_locale(message.payload.get("lang") or "en"):
        return (sealed.get("to"), *link_email(message.kind, sealed.get("link", ""), days))


for _kind in LINK_EMAILS:
    outbox.renderer(_kind)(_write_link)


def send_now(message_id: int | None) -> bool:
    """The attempt made right after the commit; the `send-mail` timer retries if it fails."""
    return message_id is not None and outbox.deliver(message_id)


def send_due(limit: int = 50) -> tuple[int, int]:
    """Send every due message (for `portal send-mail`); returns (sent, not sent)."""
    return outbox.send_due(limit)
