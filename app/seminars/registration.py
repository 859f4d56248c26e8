"""Registering and cancelling: seats are counted and taken by one request at a time.

Registering and cancelling lock the seminar's row first (SELECT … FOR UPDATE on PostgreSQL;
SQLite takes its write lock with BEGIN IMMEDIATE), so that seats are counted and taken by one
request at a time: the last seat goes to exactly one person, and the waitlist keeps its order.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Registration,
    RegistrationStatus,
    Seminar,
    User,
    utcnow,
)
from app.seminars import mail
from app.seminars.listing import registration_of
from app.seminars.rules import ACTIVE, SeminarError


def lock_seminar(seminar_id: int) -> Seminar:
    """The seminar's row, locked until the end of the transaction."""
    seminar = db.session.scalar(select(Seminar).where(Seminar.id == seminar_id).with_for_update())
    if seminar is None:
        raise SeminarError(_l("This seminar does not exist."))
    return seminar


def confirmed_count(seminar_id: int) -> int:
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
    seminar = lock_seminar(seminar_id)
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
        if confirmed_count(seminar.id) < seminar.capacity
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


def promote(seminar: Seminar, now: datetime) -> list[Registration]:
    """Move people up from the waitlist, first come first served, while seats are free."""
    free = seminar.capacity - confirmed_count(seminar.id)
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
    seminar = lock_seminar(registration.seminar_id)
    db.session.refresh(registration)
    if registration.status is RegistrationStatus.CANCELLED:
        return []  # cancelled already: a second click changes nothing
    was_confirmed = registration.status is RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.changed_at = now
    db.session.flush()
    if not was_confirmed or seminar.is_cancelled or now >= seminar.starts_at:
        return []
    return promote(seminar, now)
