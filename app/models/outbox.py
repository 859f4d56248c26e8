"""E-mails waiting to be sent by `flask seminars send-mail`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow


class OutboxMessage(Model):
    """One e-mail, written in the request that caused it and sent later, exactly once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Says what the message is about ("confirmed:12", "reminder:34:2026-12-01"), so that the
    #: same event never queues the same e-mail twice.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    to_address: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(12))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    #: An iCalendar file sent along (the seminar of a confirmation), or None.
    calendar: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Not before this time: set later after a failure, so that retries back off.
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: A sender that claimed the message holds it until then; another sender leaves it alone.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
