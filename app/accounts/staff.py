"""Giving and taking staff roles: city admins appoint their city's trainers and helpers; global
admins anyone.

A person first has an ordinary account (signed up, or made by a trainer with a login card); an admin
then makes it a trainer or a helper (or, for global admins, a translator, a city admin or a global admin).
Nobody can change their own role, so there is always an admin left. Taking a role away (or changing
it) signs the person out everywhere.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.accounts.roles import GROUP_ROLES, STAFF_ROLES, is_global_admin
from app.accounts.services import normalise_username
from app.accounts.sign_ins import close_other_sign_ins
from app.errors import ServiceError
from app.extensions import db
from app.models import City, Role, User


class StaffError(ServiceError):
    """The change is not allowed or makes no sense; nothing was changed."""


def person(user_id: int) -> User | None:
    """The account an admin acts on, by id."""
    return db.session.get(User, user_id)


def roles_to_give(actor: User) -> tuple[Role, ...]:
    """City admins appoint trainers and helpers; global admins every staff role."""
    if is_global_admin(actor):
        return STAFF_ROLES
    if actor.role is Role.ADMIN:
        return GROUP_ROLES
    return ()


def staff_in_scope(actor: User) -> list[User]:
    """The staff an admin sees: everyone's for global admins, their city's for city admins."""
    query = (
        select(User)
        .options(joinedload(User.city))
        .outerjoin(City, City.id == User.city_id)
        .where(User.role.in_(STAFF_ROLES))
        .order_by(City.name.nulls_first(), User.role, User.username)
    )
    if not is_global_admin(actor):
        query = query.where(User.city_id == actor.city_id)
    return list(db.session.scalars(query))


def may_change(actor: User, person: User) -> bool:
    """Whether *actor* may give *person* a role or take it away."""
    if person.id == actor.id:
        return False
    if is_global_admin(actor):
        return True
    if actor.role is not Role.ADMIN or actor.city_id is None:
        return False
    # A city admin changes learners (to appoint them) and their own city's trainers and helpers,
    # nobody else.
    return person.role is Role.LEARNER or (
        person.role in GROUP_ROLES and person.city_id == actor.city_id
    )


def appoint(actor: User, username: str, role: Role, city_id: int | None) -> User:
    """Give the account *username* a staff role, for *city_id* (a city admin's own city, always)."""
    person = db.session.scalar(select(User).where(User.username == normalise_username(username)))
    if person is None:
        raise StaffError(
            _l(
                "There is no account with this username. The person signs up first, or a trainer makes a login card for them."
            ),
            "username",
        )
    if role not in roles_to_give(actor):
        raise StaffError(_l("You cannot give this role."), "role")
    if not may_change(actor, person):
        raise StaffError(_l("You cannot change the role of this person."), "username")
    if not is_global_admin(actor):
        city_id = actor.city_id
    elif role in GROUP_ROLES and city_id is None:
        raise StaffError(_l("Choose the city the trainer or helper works for."), "city")
    elif role is Role.TRANSLATOR:
        city_id = None  # translators work for all three cities
    if city_id is not None and db.session.get(City, city_id) is None:
        raise StaffError(_l("Choose one of the cities."), "city")
    if person.role in STAFF_ROLES and (person.role, person.city_id) != (role, city_id):
        # Changing a staff member's role or city: what they could do until now ends with every
        # page they have open (they sign in again to work in the new role).
        close_other_sign_ins(person)
    person.role = role
    person.city_id = city_id
    db.session.flush()
    return person


def dismiss(actor: User, person: User) -> None:
    """Take a staff role away: the account stays, as a learner's (its city stays their home city)."""
    if person.role not in STAFF_ROLES or not may_change(actor, person):
        raise StaffError(_l("You cannot change the role of this person."))
    person.role = Role.LEARNER
    # The role ends now, not when their session does.
    close_other_sign_ins(person)
    db.session.flush()
