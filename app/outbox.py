"""Putting e-mails into the outbox: one place for every feature that writes to people."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage


def queue_message(
    key: str, to: str, language: str, subject: str, body: str, calendar: str | None = None
) -> OutboxMessage | None:
    """Queue one e-mail unless one with the same idempotency *key* is queued already; *calendar*
    is an iCalendar text to attach as seminar.ics."""
    if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)):
        return None
    message = OutboxMessage(
        idempotency_key=key,
        to_address=to,
        language=language,
        subject=" ".join(subject.split()),  # one line: a header cannot hold a line break
        body=body,
        calendar=calendar,
    )
    db.session.add(message)
    db.session.flush()
    return message
