"""`flask seminars send-mail`: deliver the outbox, safely when run twice or at the same time.

A sender first claims a batch of messages (a lease: `claimed_until`) in a short transaction that
locks the rows it takes (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's write lock); a second
sender running at the same moment skips them. Each message is marked sent right after the SMTP
server accepted it; a failure keeps the error, counts the attempt and retries later, with growing
pauses. A sender that dies mid-way leaves its claim to expire, and the message is tried again.
"""

from __future__ import annotations

import smtplib
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any, Protocol, TextIO

from flask import current_app
from sqlalchemy import or_, select, update

from app.extensions import db
from app.models import OutboxMessage, utcnow
from app.sql import rows_changed

LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 8


class Backend(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class ConsoleBackend:
    """Development: print the e-mail instead of sending it."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def send(self, message: EmailMessage) -> None:
        print(message.as_string(), file=self.stream)
        print("-" * 72, file=self.stream)


class SMTPBackend:
    """Real SMTP, configured by the SMTP_* settings."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config

    def send(self, message: EmailMessage) -> None:
        config = self.config
        smtp_class = smtplib.SMTP_SSL if config["SMTP_SECURITY"] == "ssl" else smtplib.SMTP
        with smtp_class(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as smtp:
            if config["SMTP_SECURITY"] == "starttls":
                smtp.starttls()
            if config["SMTP_USERNAME"]:
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
            smtp.send_message(message)


def backend_from_config() -> Backend:
    config = current_app.config
    return SMTPBackend(config) if config["MAIL_BACKEND"] == "smtp" else ConsoleBackend()


def as_email(message: OutboxMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    # The same id on every attempt lets a receiving server drop a duplicate delivery.
    domain = sender.rsplit("@", 1)[-1].rstrip(">") or "localhost"
    email["Message-ID"] = f"<lernlotse-outbox-{message.id}@{domain}>"
    # RFC 5322: the time the message was written (queued), in every attempt the same.
    email["Date"] = format_datetime(message.created_at)
    email.set_content(message.body)
    if message.calendar:
        email.add_attachment(
            message.calendar,
            subtype="calendar",
            filename="seminar.ics",
            params={"method": "PUBLISH"},
        )
    # Last: set_content and add_attachment move or reset the Content-* headers.
    email["Content-Language"] = message.language
    return email


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0


def _claim(now: datetime, limit: int) -> list[OutboxMessage]:
    """Take up to *limit* due messages that nobody else is sending; commits the claim."""
    messages = db.session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.attempts < MAX_ATTEMPTS,
            OutboxMessage.send_after <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for message in messages:
        message.claimed_until = now + LEASE
    db.session.commit()
    return list(messages)


def _renew(message: OutboxMessage) -> bool:
    """Extend our claim just before sending, if it is still ours (a conditional update)."""
    lease_end = utcnow() + LEASE
    changed = rows_changed(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message.id,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.claimed_until == message.claimed_until,
        )
        .values(claimed_until=lease_end)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if changed != 1:
        return False
    message.claimed_until = lease_end
    return True


def send_pending(backend: Backend, now: datetime | None = None, limit: int = 200) -> SendReport:
    """Send every message that is due; safe to run twice and concurrently. Commits."""
    report = SendReport()
    sender = current_app.config["MAIL_FROM"]
    for message in _claim(now or utcnow(), limit):
        if not _renew(message):
            continue  # another sender took it over after our claim ran out
        try:
            backend.send(as_email(message, sender))
        except Exception as error:  # noqa: BLE001 - one bad message must not stop the others
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            # 2, 4, 8 … minutes, at most a day.
            pause = timedelta(minutes=min(2**message.attempts, 24 * 60))
            message.send_after = utcnow() + pause
            message.claimed_until = None
            report.failed += 1
        else:
            message.attempts += 1
            message.sent_at = utcnow()
            message.last_error = None
            report.sent += 1
        db.session.commit()
    return report
