"""Who may open which page: the `role_required` decorator for views, on the rules of
app/accounts/roles.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from app.accounts.roles import has_role
from app.models import Role


def role_required(*roles: Role) -> Callable:
    """Let signed-in users with one of *roles* (or admins) through; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not has_role(current_user, *roles):
                abort(403)
            return view(*args, **kwargs)

        # Read by the access test, which checks every such view against the roles it expects.
        wrapped.required_roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapped

    return decorator
