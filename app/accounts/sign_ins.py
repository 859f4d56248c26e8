"""Sign-ins: which browsers are signed in to an account, and ending them.

Flask-Login keeps `User.get_id()` in the session cookie and, with "stay signed in", in the
remember-me cookie. Here that id is the user's id and a random token naming one row of `sign_in`
(Flask-Login's "alternative id" pattern, per browser rather than per user). A cookie whose row is
gone signs nobody in, so:

- signing out deletes that browser's row: a copy of its cookies taken before is worthless after;
- a new password (changed, reset by e-mail, chosen with a login card's start code) deletes every
  other row of the account, and "sign out everywhere" deletes all of them;
- an admin taking a staff role away deletes all of the person's rows.

Only a SHA-256 of each token is stored, so a copy of the database signs nobody in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from app.extensions import db
from app.models import SignIn, User, utcnow
from app.sql import rows_changed

#: "Stay signed in on this device": as long as Flask-Login's remember-me cookie lasts.
REMEMBERED_FOR = timedelta(days=365)
#: Without it the cookie ends with the browser; a browser left open is signed out after this.
SIGNED_IN_FOR = timedelta(days=30)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_sign_in(user: User, remember: bool = False, now: datetime | None = None) -> str:
    """A new sign-in for *user*; its token is set on *user* for Flask-Login. Flushes."""
    now = now or utcnow()
    # The account's expired sign-ins are of no use to anyone: tidy them while writing anyway.
    db.session.execute(delete(SignIn).where(SignIn.user_id == user.id, SignIn.expires_at < now))
    token = secrets.token_urlsafe(32)
    db.session.add(
        SignIn(
            user_id=user.id,
            token_hash=_hash(token),
            created_at=now,
            expires_at=now + (REMEMBERED_FOR if remember else SIGNED_IN_FOR),
        )
    )
    db.session.flush()
    user.sign_in_token = token
    return token


def load_user(cookie_id: str, now: datetime | None = None) -> User | None:
    """Flask-Login's user loader: the user of a live sign-in named by "<user id>:<token>"."""
    user_id, _, token = cookie_id.partition(":")
    if not user_id.isascii() or not user_id.isdigit() or len(user_id) > 10 or not token:
        return None
    user = db.session.scalar(
        select(User)
        .join(SignIn, SignIn.user_id == User.id)
        .where(
            User.id == int(user_id),
            SignIn.token_hash == _hash(token),
            SignIn.expires_at > (now or utcnow()),
        )
    )
    if user is not None:
        user.sign_in_token = token
    return user


def close_sign_in(user: User) -> None:
    """Sign out the browser *user* was loaded for. Flushes."""
    if user.sign_in_token:
        db.session.execute(delete(SignIn).where(SignIn.token_hash == _hash(user.sign_in_token)))
        db.session.flush()


def close_other_sign_ins(user: User, keep: str | None = None) -> int:
    """End every sign-in of *user* except the one with token *keep* (all, when None). Flushes;
    returns how many ended."""
    query = delete(SignIn).where(SignIn.user_id == user.id)
    if keep:
        query = query.where(SignIn.token_hash != _hash(keep))
    ended = rows_changed(query)
    db.session.flush()
    return ended


def count_sign_ins(user: User, now: datetime | None = None) -> int:
    """How many browsers are signed in to *user*'s account (the profile says so)."""
    return len(
        db.session.scalars(
            select(SignIn.id).where(
                SignIn.user_id == user.id, SignIn.expires_at > (now or utcnow())
            )
        ).all()
    )
