"""Browsers an account has signed in from before ("known devices").

Someone guessing an account's password from many addresses is slowed down by a limit per username.
That limit must not lock the owner out too, so it does not apply to a browser the owner signed in
with before: after a successful sign-in the browser keeps a signed cookie naming the account (as a
keyed hash, so the next user of a shared computer cannot read which accounts were used there). This
is OWASP's "device cookie" defence against online guessing.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app import cookies

COOKIE = "known_device"
#: Accounts remembered per browser (a family tablet, a library computer).
MAX_ACCOUNTS = 5
LIFETIME_SECONDS = 365 * 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="lernlotse-known-device")


def _tag(username: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    name = username.strip().lower().encode()
    return hmac.new(key, name, hashlib.sha256).hexdigest()[:24]


def _tags() -> list[str]:
    value = request.cookies.get(COOKIE)
    if not value:
        return []
    try:
        tags = _serializer().loads(value, max_age=LIFETIME_SECONDS)
    except BadSignature:
        return []
    return [tag for tag in tags if isinstance(tag, str)] if isinstance(tags, list) else []


def is_known(username: str) -> bool:
    """Whether this browser signed in to *username* before."""
    return bool(username) and _tag(username) in _tags()


def remember(response: Response, username: str) -> None:
    """After a successful sign-in: this browser now knows the account."""
    tag = _tag(username)
    tags = [tag, *(t for t in _tags() if t != tag)][:MAX_ACCOUNTS]
    cookies.keep(response, COOKIE, _serializer().dumps(tags), max_age=LIFETIME_SECONDS)
