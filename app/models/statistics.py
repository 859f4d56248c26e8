"""What remains of deleted accounts: counts, with nothing that points to a person."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.base import enum_type


class CountKind(enum.StrEnum):
    ENROLLMENT = "enrollment"
    COMPLETION = "completion"
    ATTENDANCE = "attendance"
    NO_SHOW = "no_show"


class AnonymousCount(Model):
    """How many deleted accounts enrolled, completed, attended or did not come, by month and so on.

    Written when an account is deleted; read, added to the live counts, by the statistics and the
    city reports. Language and city are the person's (enrollments) or the seminar's (attendance).
    """

    __table_args__ = (UniqueConstraint("kind", "month", "course", "language", "city"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CountKind] = mapped_column(enum_type(CountKind))
    #: "YYYY-MM", UTC
    month: Mapped[str] = mapped_column(String(7))
    #: A course slug, or "none" (a seminar without an online course)
    course: Mapped[str] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(12))
    #: A city slug, or "unknown"
    city: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(default=0)


class PracticeScreenCount(Model):
    """How many runs through a practice tried a screen, needed its hint, and got it done, by month
    and the reader's city: counted for visitors and learners alike, with nothing that points to a person.

    Written as learners go (app/learn/practising.py: count_screen); read by the city reports, where
    the screen most needed a hint on is the step of the real e-service that confuses residents.
    """

    __table_args__ = (UniqueConstraint("practice_id", "screen", "month", "city"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id"))
    screen: Mapped[str] = mapped_column(String(40))
    #: "YYYY-MM", UTC
    month: Mapped[str] = mapped_column(String(7))
    #: A city slug, or "unknown"
    city: Mapped[str] = mapped_column(String(40))
    tried: Mapped[int] = mapped_column(default=0)
    needed_hint: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
