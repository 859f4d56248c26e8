"""Reading seminars: lists with their seats, a seminar, its roster, a learner's seminars."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import (
    Attendance,
    Registration,
    RegistrationStatus,
    Seminar,
    SeminarStatus,
    User,
    utcnow,
)
from app.pagination import Page, paged
from app.seminars.rules import ACTIVE, BERLIN


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


def get_registration(registration_id: int) -> Registration | None:
    return db.session.get(Registration, registration_id)


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


@dataclass(frozen=True)
class RosterLine:
    """One line of a seminar's list for the trainer's records (CSV)."""

    number: int
    name: str
    phone: str
    email: str
    has_seat: bool
    attendance: Attendance | None


def roster_lines(seminar: Seminar) -> list[RosterLine]:
    """The roster as plain lines: seats first, then the waitlist, numbered."""
    return [
        RosterLine(
            number,
            registration.name,
            registration.guest_phone or "",
            (registration.user.email if registration.user else None) or "",
            registration.has_seat,
            registration.attendance,
        )
        for number, registration in enumerate(roster(seminar), 1)
    ]


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


def my_seminars(user: User, now: datetime) -> tuple[list[Registration], list[Registration]]:
    """The learner's coming seminars (cancelled ones stay, marked, so that nobody wonders where
    their seminar went) and those they attended."""
    registrations = seminars_of(user)
    return (
        [r for r in registrations if r.seminar.ends_at > now],
        [r for r in registrations if r.attended],
    )
