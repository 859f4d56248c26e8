"""In-person seminars: venues, seminars and the people registered for them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, enum_type, utcnow
from app.models.content import Course
from app.models.people import City, User


class Venue(Model):
    """A room where seminars take place, with what a visitor with a disability needs to know."""

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str] = mapped_column(String(10))
    town: Mapped[str] = mapped_column(String(100))
    step_free: Mapped[bool] = mapped_column(default=False)
    accessible_toilet: Mapped[bool] = mapped_column(default=False)
    hearing_loop: Mapped[bool] = mapped_column(default=False)
    #: How to get there by bus and train, in the trainer's words.
    transport_notes: Mapped[str] = mapped_column(Text, default="")
    #: The language the trainer wrote `transport_notes` in, so pages in other languages mark it.
    language: Mapped[str] = mapped_column(String(12), default="de", server_default="de")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    city: Mapped[City] = relationship()

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode} {self.town}"


class SeminarStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Seminar(Model):
    __table_args__ = (
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_seminar_city_starts", "city_id", "starts_at"),
        # The list of every city's seminars reads them in this order, ten at a time.
        Index("ix_seminar_starts", "starts_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The venue's city, kept here so that a trainer's seminars are one indexed query away.
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"))
    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id"), index=True)
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id"))
    #: The language the seminar is held in (a code from app.i18n.LANGUAGE_TABLE).
    language: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int]
    status: Mapped[SeminarStatus] = mapped_column(
        enum_type(SeminarStatus), default=SeminarStatus.SCHEDULED
    )
    #: Seminars created together by "repeat weekly" share this.
    series: Mapped[str | None] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    city: Mapped[City] = relationship()
    venue: Mapped[Venue] = relationship()
    trainer: Mapped[User | None] = relationship()
    course: Mapped[Course | None] = relationship()

    @property
    def is_cancelled(self) -> bool:
        return self.status is SeminarStatus.CANCELLED


class RegistrationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class Attendance(enum.StrEnum):
    ATTENDED = "attended"
    NO_SHOW = "no_show"


class Registration(Model):
    """A seat or a waitlist place: a learner's, or a guest's registered by a trainer.

    Arrival order is the order of ids: registrations are written one at a time per seminar, under
    a lock on the seminar's row.
    """

    __table_args__ = (
        # Nobody holds two places in one seminar; a cancelled registration does not count.
        Index(
            "uq_registration_active_user",
            "seminar_id",
            "user_id",
            unique=True,
            sqlite_where=text("status != 'cancelled' AND user_id IS NOT NULL"),
            postgresql_where=text("status != 'cancelled' AND user_id IS NOT NULL"),
        ),
        CheckConstraint(
            "user_id IS NOT NULL OR (guest_name IS NOT NULL AND guest_phone IS NOT NULL)",
            name="learner_or_guest",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminar.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    #: People who phoned the hotline: a trainer registers them with a name and a phone number.
    guest_name: Mapped[str | None] = mapped_column(String(120))
    guest_phone: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[RegistrationStatus] = mapped_column(enum_type(RegistrationStatus))
    attendance: Mapped[Attendance | None] = mapped_column(enum_type(Attendance))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    seminar: Mapped[Seminar] = relationship()
    user: Mapped[User | None] = relationship()

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.display_name or self.user.username
        return self.guest_name or ""

    @property
    def has_seat(self) -> bool:
        return self.status is RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status is RegistrationStatus.WAITLISTED

    @property
    def attended(self) -> bool:
        return self.attendance is Attendance.ATTENDED

    @property
    def no_show(self) -> bool:
        return self.attendance is Attendance.NO_SHOW
