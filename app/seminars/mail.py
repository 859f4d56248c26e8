"""E-mails about seminars, written to the outbox in the same transaction as the change.

Only learners who gave an e-mail address get one; each message is in the recipient's language
and has an idempotency key, so that the same event never queues the same e-mail twice.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale

from app.languages import LANGUAGE_TABLE
from app.links import public_url
from app.models import OutboxMessage, Registration
from app.outbox import queue_message
from app.seminars.calendar import calendar_for

#: Every kind of seminar e-mail; the outbox key of each starts with its kind and the registration id.
MAIL_KINDS = frozenset({"confirmed", "waitlisted", "moved_up", "changed", "cancelled", "reminder"})
#: Kinds that carry the seminar as a calendar file: a seat, a change, a reminder, a cancellation
#: (the same UID with a higher SEQUENCE updates or cancels the entry a calendar already has).
CALENDAR_KINDS = frozenset({"confirmed", "moved_up", "changed", "cancelled", "reminder"})


def seminar_url(registration: Registration, language: str, schedule: bool = False) -> str:
    """The seminar's page, or the whole schedule (for a seminar that was called off)."""
    if schedule:
        return public_url(f"/{language}/seminars/")
    return public_url(f"/{language}/seminars/{registration.seminar_id}/")


def queue(registration: Registration, kind: str, key: str) -> OutboxMessage | None:
    """Put one e-mail about *registration* into the outbox, unless it is there already."""
    user = registration.user
    if user is None or not user.email:
        return None  # guests and learners without e-mail are told by the trainer or on the site
    language = user.language if user.language in LANGUAGE_TABLE else "de"
    with force_locale(LANGUAGE_TABLE[language].locale):
        subject = render_template(f"mail/{kind}_subject.txt", registration=registration)
        body = render_template(
            "mail/seminar.txt",
            kind=kind,
            registration=registration,
            seminar=registration.seminar,
            url=seminar_url(registration, language, schedule=kind == "cancelled"),
        )
    attachment = None
    if kind in CALENDAR_KINDS:
        seminar = registration.seminar
        attachment = calendar_for([seminar], language, seminar.title, method="PUBLISH").decode()
    return queue_message(key, user.email, language, subject, body, attachment)


def registration_changed(registration: Registration, kind: str) -> None:
    """confirmed, waitlisted or moved_up."""
    queue(registration, kind, f"{kind}:{registration.id}")


def seminar_changed(registration: Registration) -> None:
    # One message per change: moving a seminar back and forth announces every move.
    stamp = registration.seminar.updated_at.strftime("%Y%m%dT%H%M%S%f")
    queue(registration, "changed", f"changed:{registration.id}:{stamp}")


def seminar_cancelled(registration: Registration) -> None:
    queue(registration, "cancelled", f"cancelled:{registration.id}")


def reminder(registration: Registration) -> OutboxMessage | None:
    seminar = registration.seminar
    return queue(registration, "reminder", f"reminder:{registration.id}:{seminar.starts_at:%Y%m%d}")
