"""Who may open which page, and whose city's seminars, venues and trainers they manage.

Trainers manage their city's seminars. An admin with a city is that city's admin: they manage its
seminars and its trainers. An admin without a city is a global admin and manages everything.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from app.models import Role, User


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


def role_required(*roles: Role) -> Callable:
    """Let signed-in users with one of *roles* (or admins) through; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in (*roles, Role.ADMIN):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
