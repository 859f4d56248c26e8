"""Staff helping a learner back into their account: a login card with a new start code.

Whoever holds a start code can set the account's password, so printing one is taking the account
over for a moment. It is therefore narrow, visible and recorded:

- only for learners without an e-mail address (the others reset their password by e-mail, which
  reaches only them), never for staff accounts;
- a global admin may help any such learner; a city admin the learners of their city, and learners
  without a city who are registered for one of the city's seminars; a trainer only learners
  registered for one of their city's seminars who live in that city or have not said where they
  live;
- every card printed is a `StaffAction`: city admins see those of their city, and the learner is
  told at their next sign-in who (role and city) printed it and when.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload

from app.accounts.roles import is_global_admin
from app.accounts.services import new_start_code, normalise_username
from app.errors import ServiceError
from app.extensions import db
from app.models import (
    Registration,
    RegistrationStatus,
    Role,
    Seminar,
    StaffAction,
    StaffActionKind,
    User,
    utcnow,
)
from app.pagination import Page, paged


class NotAllowed(ServiceError):
    """This staff member may not print a login card for this account; nothing was changed."""


def _registered_in_city(learner: User, city_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Registration.user_id == learner.id,
                    Registration.status != RegistrationStatus.CANCELLED,
                    Registration.seminar_id == Seminar.id,
                    Seminar.city_id == city_id,
                )
            )
        )
    )


def refusal(actor: User, learner: User, *, registered_here: bool = False) -> str | None:
    """Why *actor* may not print a login card for *learner*, or None if they may.
    *registered_here*: the learner is known to be registered for a seminar of the actor's city
    (on that seminar's roster), which saves a query."""
    if learner.role is not Role.LEARNER or learner.id == actor.id:
        return str(_l("Login cards are for learners' accounts only."))
    if learner.email:
        return str(
            _l(
                "This learner has an e-mail address: they can choose a new password themselves with “Forgot your password?” on the sign-in page."
            )
        )
    if is_global_admin(actor):
        return None
    outside = str(_l("You can print login cards only for learners of your city's seminars."))
    if actor.role not in (Role.TRAINER, Role.ADMIN) or actor.city_id is None:
        return outside
    if learner.city_id not in (None, actor.city_id):
        return outside
    if actor.role is Role.ADMIN and learner.city_id == actor.city_id:
        return None
    if registered_here or _registered_in_city(learner, actor.city_id):
        return None
    return outside


def learner_to_help(actor: User, username: str) -> User:
    """The learner named *username*, if *actor* may help them. One answer for every refusal, so
    that the form tells nothing about accounts outside the admin's reach."""
    person = db.session.scalar(select(User).where(User.username == normalise_username(username)))
    if person is None or refusal(actor, person) is not None:
        raise NotAllowed(
            _l(
                "No learner without an e-mail address in your city has this username. Check the spelling: the username is on the learner's first login card. Learners with an e-mail address choose a new password themselves with “Forgot your password?”."
            )
        )
    return person


def print_login_card(
    actor: User,
    learner: User,
    registration: Registration | None = None,
    now: datetime | None = None,
) -> str:
    """A new start code for *learner* (from *registration*'s roster, if given), recorded. Raises
    NotAllowed. Flushes."""
    registered_here = (
        registration is not None
        and registration.user_id == learner.id
        and registration.status is not RegistrationStatus.CANCELLED
        and actor.city_id is not None
        and registration.seminar.city_id == actor.city_id
    )
    reason = refusal(actor, learner, registered_here=registered_here)
    if reason is not None:
        raise NotAllowed(reason)
    now = now or utcnow()
    code = new_start_code(learner, now)
    db.session.add(
        StaffAction(
            kind=StaffActionKind.LOGIN_CARD,
            actor_id=actor.id,
            actor_role=actor.role,
            actor_city_id=actor.city_id,
            subject_id=learner.id,
            subject_city_id=learner.city_id,
            seminar_id=registration.seminar_id if registration else None,
            created_at=now,
        )
    )
    db.session.flush()
    return code


def take_unseen(user: User, now: datetime | None = None) -> list[int]:
    """Mark what staff did to *user*'s account since they last signed in as seen; its ids, to
    show them once. Called when they sign in (a POST)."""
    actions = db.session.scalars(
        select(StaffAction)
        .where(StaffAction.subject_id == user.id, StaffAction.seen_at.is_(None))
        .order_by(StaffAction.created_at)
    ).all()
    for action in actions:
        action.seen_at = now or utcnow()
    db.session.flush()
    return [action.id for action in actions]


def actions_about(user: User, ids: list[int] | None = None) -> list[StaffAction]:
    """What staff did to *user*'s account (only *ids*, when given), oldest first."""
    query = (
        select(StaffAction)
        .options(joinedload(StaffAction.actor_city))
        .where(StaffAction.subject_id == user.id)
        .order_by(StaffAction.created_at)
    )
    if ids is not None:
        query = query.where(StaffAction.id.in_(ids))
    return list(db.session.scalars(query))


def log_page(actor: User, number: int, per_page: int) -> Page[StaffAction]:
    """The record of password help an admin may see: all of it for a global admin; for a city
    admin what their city's staff did and what was done to their city's learners."""
    conditions = []
    if not is_global_admin(actor):
        conditions.append(
            or_(
                StaffAction.actor_city_id == actor.city_id,
                StaffAction.subject_city_id == actor.city_id,
            )
        )
    total = db.session.scalar(select(db.func.count(StaffAction.id)).where(*conditions)) or 0

    def fetch(offset: int, limit: int) -> list[StaffAction]:
        return list(
            db.session.scalars(
                select(StaffAction)
                .options(
                    joinedload(StaffAction.actor),
                    joinedload(StaffAction.actor_city),
                    joinedload(StaffAction.subject),
                    joinedload(StaffAction.seminar),
                )
                .where(*conditions)
                .order_by(StaffAction.created_at.desc(), StaffAction.id.desc())
                .offset(offset)
                .limit(limit)
            )
        )

    return paged(total, number, per_page, fetch)
