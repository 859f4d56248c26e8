"""Who may open which page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from app.models import Role


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
