"""Who manages what: the role rules, without the request (services and views both ask them).

Trainers manage their city's seminars. Helpers ("Lernbegleitung", volunteers) and trainers run
learning groups; helpers never see seminars. An admin with a city is that city's admin: they manage its
seminars and its trainers. An admin without a city is a global admin and manages everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.models import Role, User

if TYPE_CHECKING:
    from flask_login import AnonymousUserMixin

#: The roles that work on the platform (everyone else is a learner).
STAFF_ROLES = (Role.TRAINER, Role.HELPER, Role.TRANSLATOR, Role.ADMIN)
#: The roles that run learning groups, always for a city (admins too, as every role).
GROUP_ROLES = (Role.TRAINER, Role.HELPER)


def is_global_admin(user: User) -> bool:
    return user.role is Role.ADMIN and user.city_id is None


def can_manage_city(user: User, city_id: int | None) -> bool:
    """Global admins manage every city; trainers and city admins only their own."""
    if is_global_admin(user):
        return True
    return (
        user.role in (Role.TRAINER, Role.ADMIN)
        and user.city_id is not None
        and user.city_id == city_id
    )


def has_role(user: User | AnonymousUserMixin, *roles: Role) -> bool:
    """Whether *user* (signed in) has one of *roles*; admins have every role."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in (*roles, Role.ADMIN)
