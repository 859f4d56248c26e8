"""Getting back into an account: a link by e-mail, or a new login card from a trainer.

The e-mailed link carries a signed token (itsdangerous, Flask's own signing library) that expires
after an hour and works once: it names a fingerprint of the current password hash, which changes
when the new password is set. Whatever is entered, the answer is the same, so the form cannot be
used to find out who has an account.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, or_, select

from app.accounts.services import normalise_username
from app.extensions import db
from app.languages import LANGUAGE_TABLE
from app.links import public_url
from app.models import OutboxMessage, User, utcnow
from app.outbox import queue_message

RESET_VALID_SECONDS = 3600
_SALT = "lernlotse-password-reset"
#: Reset e-mails one account gets per hour, however often someone asks: enough for the owner, too
#: few to flood their inbox. Further requests are answered as usual and send nothing.
MAILS_PER_HOUR = 3


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def reset_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "password": _fingerprint(user)})


def user_for_token(token: str, max_age: int = RESET_VALID_SECONDS) -> User | None:
    """The user the token was made for, if it is genuine, fresh and not used yet."""
    try:
        data = _serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or data.get("password") != _fingerprint(user):
        return None
    return user


def request_reset(entered: str, language: str) -> int:
    """Queue a reset link to every account with an e-mail address matching *entered* (a username
    or an e-mail address), at most MAILS_PER_HOUR an account. Returns how many were queued;
    callers must not show it."""
    entered = entered.strip()
    if not entered:
        return 0
    users = db.session.scalars(
        select(User).where(
            User.email.is_not(None),
            or_(
                User.username == normalise_username(entered),
                func.lower(User.email) == entered.lower(),
            ),
        )
    ).all()
    since = utcnow() - timedelta(hours=1)
    sent = 0
    for user in users:
        recent = db.session.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.idempotency_key.startswith(f"password-reset:{user.id}:"),
                OutboxMessage.created_at >= since,
            )
        )
        if (recent or 0) >= MAILS_PER_HOUR or user.email is None:
            continue
        sent += 1
        user_language = user.language if user.language in LANGUAGE_TABLE else language
        link = public_url(
            url_for("accounts.reset_password", lang=user_language, token=reset_token(user))
        )
        with force_locale(LANGUAGE_TABLE[user_language].locale):
            subject = render_template("mail/password_reset_subject.txt")
            body = render_template("mail/password_reset.txt", user=user, link=link)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        queue_message(f"password-reset:{user.id}:{stamp}", user.email, user_language, subject, body)
    return sent
