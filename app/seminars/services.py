"""The rules of seminars: who may register, when the waitlist moves, what trainers may change.

Registering and cancelling lock the seminar's row first (SELECT … FOR UPDATE on PostgreSQL;
SQLite takes its write lock with BEGIN IMMEDIATE), so that seats are counted and taken by one
request at a time: the last seat goes to exactly one person, and the waitlist keeps its order.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from app.accounts.roles import can_manage_city, is_global_admin
from app.errors import ServiceError
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
from app.pagination import Page, paged
from app.seminars import calendar, mail

BERLIN = calendar.BERLIN
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


class SeminarError(ServiceError):
    """A seminar rule was broken; nothing was changed. *field* names the form field at fault."""


class NotAllowed(SeminarError):
    """The person may not change this seminar (another city, or not a trainer)."""


# --- who may do what ----------------------------------------------------------------------


def require_city(user: User, city_id: int) -> None:
    if not can_manage_city(user, city_id):
        raise NotAllowed(_l("You can only manage seminars of your own city."))


# --- reading --------------------------------------------------------------------------------


@dataclass
class SeminarRow:
    seminar: Seminar
    confirmed: int
    waitlisted: int

    @property
    def seats_left(self) -> int:
        return max(self.seminar.capacity - self.confirmed, 0)


def _counts(seminar_ids: list[int]) -> dict[int, dict[RegistrationStatus, int]]:
    rows = db.session.execute(
        select(Registration.seminar_id, Registration.status, func.count(Registration.id))
        .where(Registration.seminar_id.in_(seminar_ids), Registration.status.in_(ACTIVE))
        .group_by(Registration.seminar_id, Registration.status)
    )
    counts: dict[int, dict[RegistrationStatus, int]] = {}
    for seminar_id, status, count in rows:
        counts.setdefault(seminar_id, {})[status] = count
    return counts


def rows_for(seminars: list[Seminar]) -> list[SeminarRow]:
    counts = _counts([seminar.id for seminar in seminars])
    return [
        SeminarRow(
            seminar,
            counts.get(seminar.id, {}).get(RegistrationStatus.CONFIRMED, 0),
            counts.get(seminar.id, {}).get(RegistrationStatus.WAITLISTED, 0),
        )
        for seminar in seminars
    ]


@dataclass(frozen=True)
class SeminarFilter:
    """Which seminars that have not ended to show; every field given narrows the list."""

    city_id: int | None = None
    language: str | None = None
    course_id: int | None = None
    on: date | None = None
    include_cancelled: bool = False

    def conditions(self, now: datetime) -> list:
        conditions = [Seminar.ends_at > now]
        if not self.include_cancelled:
            conditions.append(Seminar.status == SeminarStatus.SCHEDULED)
        if self.city_id:
            conditions.append(Seminar.city_id == self.city_id)
        if self.language:
            conditions.append(Seminar.language == self.language)
        if self.course_id:
            conditions.append(Seminar.course_id == self.course_id)
        if self.on:
            start = datetime.combine(self.on, datetime.min.time(), BERLIN)
            conditions += [
                Seminar.starts_at >= start,
                Seminar.starts_at < start + timedelta(days=1),
            ]
        return conditions


def _upcoming_query(where: SeminarFilter, now: datetime) -> Select[Seminar]:
    return (
        select(Seminar)
        .where(*where.conditions(now))
        .options(joinedload(Seminar.venue), joinedload(Seminar.city), joinedload(Seminar.course))
        .order_by(Seminar.starts_at, Seminar.id)
    )


def upcoming(
    where: SeminarFilter = SeminarFilter(), *, now: datetime | None = None, limit: int | None = None
) -> list[SeminarRow]:
    """Seminars that have not ended, soonest first, with their seat counts (two queries)."""
    query = _upcoming_query(where, now or utcnow())
    if limit is not None:
        query = query.limit(limit)
    return rows_for(list(db.session.scalars(query).unique()))


def count_upcoming(where: SeminarFilter = SeminarFilter(), *, now: datetime | None = None) -> int:
    query = select(func.count(Seminar.id)).where(*where.conditions(now or utcnow()))
    return db.session.scalar(query) or 0


def _page_of(query: Select[Seminar], total: int, number: int, per_page: int) -> Page[SeminarRow]:
    """One page of *query*'s seminars, with their seat counts."""

    def fetch(offset: int, limit: int) -> list[SeminarRow]:
        return rows_for(list(db.session.scalars(query.offset(offset).limit(limit)).unique()))

    return paged(total, number, per_page, fetch)


def upcoming_page(where: SeminarFilter, number: int, per_page: int) -> Page[SeminarRow]:
    """A page of upcoming seminars, soonest first: three queries."""
    now = utcnow()
    return _page_of(_upcoming_query(where, now), count_upcoming(where, now=now), number, per_page)


#: How far back trainers mark who attended (the trainers' pages say "30 days" in words: change
#: them with it).
RECENT_DAYS = 30


def recent_page(city_id: int | None, number: int, per_page: int) -> Page[SeminarRow]:
    """Seminars that ended in the last RECENT_DAYS days, latest first (for marking attendance):
    a page of them, three queries."""
    now = utcnow()
    conditions = [Seminar.ends_at <= now, Seminar.ends_at > now - timedelta(days=RECENT_DAYS)]
    if city_id:
        conditions.append(Seminar.city_id == city_id)
    query = (
        select(Seminar)
        .where(*conditions)
        .options(joinedload(Seminar.venue), joinedload(Seminar.city))
        .order_by(Seminar.starts_at.desc(), Seminar.id)
    )
    total = db.session.scalar(select(func.count(Seminar.id)).where(*conditions)) or 0
    return _page_of(query, total, number, per_page)


def get_seminar(seminar_id: int) -> Seminar | None:
    return db.session.scalar(
        select(Seminar)
        .where(Seminar.id == seminar_id)
        .options(
            joinedload(Seminar.venue),
            joinedload(Seminar.city),
            joinedload(Seminar.course),
            joinedload(Seminar.trainer),
        )
    )


def registration_of(user: User, seminar: Seminar) -> Registration | None:
    """The learner's current (not cancelled) registration for *seminar*."""
    return db.session.scalar(
        select(Registration).where(
            Registration.seminar_id == seminar.id,
            Registration.user_id == user.id,
            Registration.status.in_(ACTIVE),
        )
    )


def roster(seminar: Seminar) -> list[Registration]:
    """Everyone registered, confirmed first, then the waitlist, each in arrival order."""
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.seminar_id == seminar.id, Registration.status.in_(ACTIVE))
        .options(joinedload(Registration.user))
        .order_by(Registration.id)
    ).all()
    return sorted(registrations, key=lambda r: (r.status is not RegistrationStatus.CONFIRMED, r.id))


def waitlist_position(registration: Registration) -> int:
    """1 for the first person on the waitlist."""
    return 1 + (
        db.session.scalar(
            select(func.count(Registration.id)).where(
                Registration.seminar_id == registration.seminar_id,
                Registration.status == RegistrationStatus.WAITLISTED,
                Registration.id < registration.id,
            )
        )
        or 0
    )


def seminars_of(user: User) -> list[Registration]:
    """The learner's seminar registrations (not cancelled ones), soonest first."""
    return list(
        db.session.scalars(
            select(Registration)
            .join(Seminar)
            .where(Registration.user_id == user.id, Registration.status.in_(ACTIVE))
            .options(joinedload(Registration.seminar).joinedload(Seminar.venue))
            .order_by(Seminar.starts_at)
        )
    )


# --- registering and cancelling -------------------------------------------------------------


def _lock(seminar_id: int) -> Seminar:
    """The seminar's row, locked until the end of the transaction."""
    seminar = db.session.scalar(select(Seminar).where(Seminar.id == seminar_id).with_for_update())
    if seminar is None:
        raise SeminarError(_l("This seminar does not exist."))
    return seminar


def _confirmed_count(seminar_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count(Registration.id)).where(
                Registration.seminar_id == seminar_id,
                Registration.status == RegistrationStatus.CONFIRMED,
            )
        )
        or 0
    )


def register(
    seminar_id: int,
    *,
    user: User | None = None,
    guest_name: str | None = None,
    guest_phone: str | None = None,
    now: datetime | None = None,
) -> Registration:
    """A seat if one is free, else a place on the waitlist; raises SeminarError otherwise."""
    now = now or utcnow()
    seminar = _lock(seminar_id)
    if seminar.is_cancelled:
        raise SeminarError(_l("This seminar has been cancelled."))
    if now >= seminar.starts_at:
        raise SeminarError(_l("Registration has closed: the seminar has already started."))
    if user is not None and registration_of(user, seminar) is not None:
        raise SeminarError(_l("You are already registered for this seminar."))
    if user is None and db.session.scalar(
        select(Registration.id).where(
            Registration.seminar_id == seminar.id,
            Registration.guest_name == guest_name,
            Registration.guest_phone == guest_phone,
            Registration.status.in_(ACTIVE),
        )
    ):
        raise SeminarError(_l("This person is already registered for this seminar."))
    status = (
        RegistrationStatus.CONFIRMED
        if _confirmed_count(seminar.id) < seminar.capacity
        else RegistrationStatus.WAITLISTED
    )
    registration = Registration(
        seminar=seminar,
        user=user,
        guest_name=guest_name,
        guest_phone=guest_phone,
        status=status,
        created_at=now,
        changed_at=now,
    )
    db.session.add(registration)
    db.session.flush()
    mail.registration_changed(
        registration, "confirmed" if status is RegistrationStatus.CONFIRMED else "waitlisted"
    )
    return registration


def _promote(seminar: Seminar, now: datetime) -> list[Registration]:
    """Move people up from the waitlist, first come first served, while seats are free."""
    free = seminar.capacity - _confirmed_count(seminar.id)
    if free <= 0:
        return []
    waiting = db.session.scalars(
        select(Registration)
        .where(
            Registration.seminar_id == seminar.id,
            Registration.status == RegistrationStatus.WAITLISTED,
        )
        .order_by(Registration.id)
        .limit(free)
    ).all()
    for registration in waiting:
        registration.status = RegistrationStatus.CONFIRMED
        registration.changed_at = now
        mail.registration_changed(registration, "moved_up")
    db.session.flush()
    return list(waiting)


def cancel_registration(registration_id: int, now: datetime | None = None) -> list[Registration]:
    """Give up a seat or a waitlist place; returns the people who moved up."""
    now = now or utcnow()
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        raise SeminarError(_l("This registration does not exist."))
    seminar = _lock(registration.seminar_id)
    db.session.refresh(registration)
    if registration.status is RegistrationStatus.CANCELLED:
        return []  # cancelled already: a second click changes nothing
    was_confirmed = registration.status is RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.changed_at = now
    db.session.flush()
    if not was_confirmed or seminar.is_cancelled or now >= seminar.starts_at:
        return []
    return _promote(seminar, now)


# --- trainers -------------------------------------------------------------------------------


@dataclass
class SeminarData:
    title: str
    description: str
    language: str
    venue_id: int
    course_id: int | None
    day: date
    start: str  # "HH:MM", Europe/Berlin
    end: str
    capacity: int

    def times(self) -> tuple[datetime, datetime]:
        starts = datetime.combine(self.day, _clock(self.start), BERLIN)
        ends = datetime.combine(self.day, _clock(self.end), BERLIN)
        return starts, ends


def _clock(value: str) -> time:
    return datetime.strptime(value, "%H:%M").time()


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
    seminar = _lock(seminar_id)
    require_city(actor, seminar.city_id)
    if seminar.is_cancelled:
        raise SeminarError(_l("A cancelled seminar cannot be changed."))
    venue = _venue_for(actor, data.venue_id)
    starts, ends = _validate(data, now)
    confirmed = _confirmed_count(seminar.id)
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
    _promote(seminar, now)
    return seminar


def cancel_seminar(actor: User, seminar_id: int, now: datetime | None = None) -> Seminar:
    """Call a seminar off: everyone registered is told; the registrations are kept."""
    now = now or utcnow()
    seminar = _lock(seminar_id)
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
