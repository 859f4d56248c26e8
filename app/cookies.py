"""The site's own cookies (a visitor's choices, kept in their browser): one way to set them.

Every one is HttpOnly (no script reads it), SameSite=Lax, Secure outside development, and kept
for a year unless said otherwise. The privacy notice names each (a test checks it).
"""

from __future__ import annotations

from flask import Response, current_app

ONE_YEAR = 365 * 24 * 3600


def keep(response: Response, name: str, value: str, max_age: int = ONE_YEAR) -> None:
    """Set the cookie *name* on *response*."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
