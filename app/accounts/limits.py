"""The rate limits' keys and conditions for the account pages (docs/deploy.md explains each).

Only failed attempts count against a username: the form shown again (200) is a failure, the
redirect after signing in is not.
"""

from __future__ import annotations

import hashlib

from flask import request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from app.accounts import known_devices, services


def failed(response) -> bool:
    """The form came back (200): the attempt failed."""
    return response.status_code == 200


def _typed_username() -> str:
    return services.normalise_username(request.form.get("username", ""))[:100]


def address_and_username_key() -> str:
    """Guesses at one account from one address."""
    digest = hashlib.sha256(_typed_username().encode()).hexdigest()[:32]
    return f"sign-in:{get_remote_address()}:{digest}"


def username_key() -> str:
    """Guesses at one account from anywhere (spread over many addresses)."""
    return "sign-in-account:" + hashlib.sha256(_typed_username().encode()).hexdigest()[:32]


def known_device() -> bool:
    """The owner's own browsers are not slowed down by what others try on their account."""
    return known_devices.is_known(_typed_username())


def password_change_key() -> str:
    """Guesses at the current password in a browser left signed in: per account."""
    return f"password-change:{current_user.id}"
