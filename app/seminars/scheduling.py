"""What trainers do: schedule and change seminars, call them off, mark attendance, add venues,
and the daily reminders."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.accounts.roles import is_global_admin
from app.extensions import db
from app.languages import LANGUAGE_TABLE
from app.learn.services import enroll
from app.models import (
    Attendance,
    City,
    Registration,
    RegistrationStatus,
    Role,
    Seminar,
    SeminarStatus,
    User,
    Venue,
    utcnow,
)
from app.seminars import mail
from app.seminars.listing import roster
from app.seminars.registration import confirmed_count, lock_seminar, promote
from app.seminars.rules import BERLIN, SeminarError, require_city


@dataclass
class SeminarData:
    title: str
    description: str
    language: str
    venue_id: int
    course_id: int | None
    day: date
    #: Wall-clock times in Europe/Berlin.
    start: time
    end: time
    capacity: int

    def times(self) -> tuple[datetime, datetime]:
        starts = datetime.combine(self.day, self.start, BERLIN)
        ends = datetime.combine(self.day, self.end, BERLIN)
        return starts, ends


def _validate(data: SeminarData, now: datetime) -> tuple[datetime, datetime]:
    # The form says the same in more words; these hold for every caller (forms, commands).
    if not data.title.strip():
        raise SeminarError(_l("Enter a title"), "title")
    if data.language not in LANGUAGE_TABLE:
        raise SeminarError(_l("Choose the language the seminar is held in"), "language")
    starts, ends = data.times()
    if ends <= starts:
        raise SeminarError(_l("The seminar must end after it starts."), "end")
    if starts <= now:
        raise SeminarError(_l("The seminar must start in the future."), "day")
    if data.capacity < 1:
        raise SeminarError(_l("There must be at least one seat."), "capacity")
    return starts, ends


def _venue_for(actor: User, venue_id: int) -> Venue:
    venue = db.session.get(Venue, venue_id)
    if venue is None:
        raise SeminarError(_l("Choose a venue."), "venue")
    require_city(actor, venue.city_id)
    return venue


def create_seminars(
    actor: User, data: SeminarData, repeat_weeks: int = 1, now: datetime | None = None
) -> list[Seminar]:
    """One seminar, or a weekly series of *repeat_weeks* seminars at the same time and place."""
    now = now or utcnow()
    venue = _venue_for(actor, data.venue_id)
    _validate(data, now)
    if not 1 <= repeat_weeks <= 52:
        raise SeminarError(_l("A series can have 1 to 52 weeks."), "repeat_weeks")
    series = secrets.token_hex(8) if repeat_weeks > 1 else None
    seminars = []
    for week in range(repeat_weeks):
        # Local wall-clock time stays the same across the change to and from summer time.
        local_day = data.day + timedelta(weeks=week)
        week_data = SeminarData(**{**data.__dict__, "day": local_day})
        week_starts, week_ends = week_data.times()
        seminar = Seminar(
            city_id=venue.city_id,
            venue=venue,
            trainer=actor if actor.role is Role.TRAINER else None,
            course_id=data.course_id,
            language=data.language,
            title=" ".join(data.title.split()),
            description=data.description.strip(),
            starts_at=week_starts,
            ends_at=week_ends,
            capacity=data.capacity,
            series=series,
        )
        db.session.add(seminar)
        seminars.append(seminar)
    db.session.flush()
    return seminars


def update_seminar(
    actor: User, seminar_id: int, data: SeminarData, now: datetime | None = None
) -> Seminar:
    """Change a seminar; registrants are told when its time or place changes."""
    now = now or utcnow()
    seminar = lock_seminar(seminar_id)
    require_city(actor, seminar.city_id)
    if seminar.is_cancelled:
        raise SeminarError(_l("A cancelled seminar cannot be changed."))
    venue = _venue_for(actor, data.venue_id)
    starts, ends = _validate(data, now)
    confirmed = confirmed_count(seminar.id)
    if data.capacity < confirmed:
        raise SeminarError(
            _l(
                "%(count)s people already have a seat: the seminar needs at least that many seats.",
                count=confirmed,
            ),
            "capacity",
        )
    moved = (starts, ends, venue.id) != (seminar.starts_at, seminar.ends_at, seminar.venue_id)
    seminar.title = " ".join(data.title.split())
    seminar.description = data.description.strip()
    seminar.language = data.language
    seminar.course_id = data.course_id
    seminar.venue = venue
    seminar.city_id = venue.city_id
    seminar.starts_at, seminar.ends_at = starts, ends
    seminar.capacity = data.capacity
    seminar.updated_at = now
    db.session.flush()
    if moved:
        for registration in roster(seminar):
            mail.seminar_changed(registration)
    promote(seminar, now)
    return seminar


def cancel_seminar(actor: User, seminar_id: int, now: datetime | None = None) -> Seminar:
    """Call a seminar off: everyone registered is told; the registrations are kept."""
    now = now or utcnow()
    seminar = lock_seminar(seminar_id)
    require_city(actor, seminar.city_id)
    if seminar.is_cancelled:
        return seminar
    seminar.status = SeminarStatus.CANCELLED
    seminar.updated_at = now
    db.session.flush()
    for registration in roster(seminar):
        mail.seminar_cancelled(registration)
    return seminar


def set_attendance(
    actor: User, registration_id: int, attendance: Attendance | None
) -> Registration:
    """Mark a confirmed participant as attended or no-show (or clear the mark)."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        raise SeminarError(_l("This registration does not exist."))
    require_city(actor, registration.seminar.city_id)
    if registration.seminar.is_cancelled or utcnow() < registration.seminar.starts_at:
        raise SeminarError(_l("Attendance can be marked once the seminar has started."))
    if registration.status is not RegistrationStatus.CONFIRMED:
        raise SeminarError(_l("Only people with a seat can be marked as attended."))
    registration.attendance = attendance
    registration.changed_at = utcnow()
    seminar = registration.seminar
    if attendance is Attendance.ATTENDED and registration.user and seminar.course:
        # The seminar counts toward its course: it appears in "My courses", completed.
        enroll(registration.user, seminar.course)
    db.session.flush()
    return registration


def venues_for(actor: User) -> list[Venue]:
    query = select(Venue).options(joinedload(Venue.city)).order_by(Venue.name)
    if not is_global_admin(actor):
        query = query.where(Venue.city_id == actor.city_id)
    return list(db.session.scalars(query))


def create_venue(actor: User, city_id: int | None, **values: object) -> Venue:
    if city_id is None or db.session.get(City, city_id) is None:
        raise SeminarError(_l("Choose the city of the venue"), "city")
    require_city(actor, city_id)
    venue = Venue(city_id=city_id, **values)
    db.session.add(venue)
    db.session.flush()
    return venue


def queue_reminders(now: datetime | None = None) -> int:
    """Queue tomorrow's reminders (Europe/Berlin days); running it twice queues nothing new."""
    now = now or utcnow()
    tomorrow = (now.astimezone(BERLIN) + timedelta(days=1)).date()
    start = datetime.combine(tomorrow, datetime.min.time(), BERLIN)
    registrations = db.session.scalars(
        select(Registration)
        .join(Seminar)
        .where(
            Seminar.status == SeminarStatus.SCHEDULED,
            Seminar.starts_at >= start,
            Seminar.starts_at < start + timedelta(days=1),
            Registration.status == RegistrationStatus.CONFIRMED,
        )
        .options(joinedload(Registration.user), joinedload(Registration.seminar))
    ).all()
    return sum(1 for registration in registrations if mail.reminder(registration) is not None)
