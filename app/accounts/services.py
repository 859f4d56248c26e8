"""Creating and finding accounts."""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.sign_ins import close_other_sign_ins
from app.errors import ServiceError
from app.extensions import db
from app.models import Role, User, utcnow
from app.models.people import normalise_username

# Checked when no such user exists, so that a wrong username takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


class UsernameTaken(ServiceError):
    pass


def create_user(
    username: str,
    password: str,
    *,
    display_name: str | None = None,
    email: str | None = None,
    role: Role = Role.LEARNER,
    language: str | None = None,
) -> User:
    """A new account; raises UsernameTaken if the name is in use (in any letter case)."""
    user = User(
        username=normalise_username(username),
        display_name=(display_name or "").strip() or None,
        email=(email or "").strip() or None,
        role=role,
        language=language,
    )
    user.set_password(password)
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:
        raise UsernameTaken(
            _l("This username is already taken. Please choose another one.")
        ) from None
    return user


def authenticate(username: str, password: str) -> User | None:
    """The user with these credentials, or None (the same way for a wrong name or password)."""
    user = db.session.scalar(select(User).where(User.username == normalise_username(username)))
    if user is None:
        User(password_hash=_DUMMY_HASH).check_password(password)
        return None
    return user if user.check_password(password) else None


def update_profile(user: User, display_name: str | None, email: str | None) -> None:
    user.display_name = (display_name or "").strip() or None
    user.email = (email or "").strip() or None
    db.session.flush()


def set_language(user: User, language: str) -> None:
    """Remember the interface language the learner reads in."""
    user.language = language
    db.session.flush()


def set_second_language(user: User, language: str) -> None:
    """Remember the language for lessons not translated into the learner's own."""
    user.second_language = language
    db.session.flush()


#: Letters and digits that cannot be mistaken for each other when read from paper (no 0/O, 1/I).
START_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
START_CODE_VALID_FOR = timedelta(days=14)


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


# Letters that Unicode does not decompose into a base letter and an accent.
_LATIN_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "æ": "ae",
        "œ": "oe",
    }
)


def _free_username(display_name: str) -> str:
    """A username made from the name ("Ayşe Yılmaz" → "ayse.yilmaz"), unique, a–z only."""
    folded = display_name.translate(_LATIN_LETTERS)
    ascii_name = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_name.lower())
    base = ".".join(parts)[:24].strip(".") or "teilnehmer"
    if len(base) < 3:
        base = f"teilnehmer.{base}"
    candidate = base
    while db.session.scalar(select(User.id).where(User.username == candidate)) is not None:
        candidate = f"{base}{secrets.randbelow(900) + 100}"
    return candidate


def create_participant(
    trainer: User, display_name: str, language: str, now: datetime | None = None
) -> tuple[User, str]:
    """An account made by a trainer in the room, and its one-time start code (valid 14 days).

    The participant signs in with the username and the start code, then chooses a password.
    """
    user = User(
        username=_free_username(display_name),
        display_name=display_name.strip(),
        role=Role.LEARNER,
        language=language,
        city_id=trainer.city_id,
    )
    # Nobody knows this password: the start code is the only way in until one is chosen.
    user.set_password(secrets.token_urlsafe(32))
    db.session.add(user)
    return user, new_start_code(user, now)


def new_start_code(user: User, now: datetime | None = None) -> str:
    """A fresh one-time start code for a learner's login card (valid 14 days), e.g. "ABCD-EFGH".

    Also for participants without e-mail who forgot their password: a trainer prints a new card;
    the old password keeps working until the learner chooses a new one with the code.
    """
    if user.role is not Role.LEARNER:
        raise ServiceError(_l("Login cards are for learners' accounts only."))
    now = now or utcnow()
    code = "".join(secrets.choice(START_CODE_ALPHABET) for _ in range(8))
    user.start_code_hash = generate_password_hash(code)
    user.start_code_expires_at = now + START_CODE_VALID_FOR
    db.session.flush()
    return f"{code[:4]}-{code[4:]}"


def authenticate_with_start_code(
    username: str, code: str, now: datetime | None = None
) -> User | None:
    """The user whose valid start code this is, or None."""
    now = now or utcnow()
    user = db.session.scalar(select(User).where(User.username == normalise_username(username)))
    if user is None or user.start_code_hash is None or user.start_code_expires_at is None:
        return None
    if user.start_code_expires_at < now:
        return None
    return user if check_password_hash(user.start_code_hash, _normalise_code(code)) else None


def use_start_code(user: User) -> None:
    """A start code works once: after signing in with it, only a new password gets in."""
    user.start_code_hash = None
    user.start_code_expires_at = None
    db.session.flush()


def choose_password(user: User, password: str, keep_sign_in: str | None = None) -> None:
    """Set a new password; the start code stops working, and every sign-in ends but the one
    named *keep_sign_in* (the browser where the person chose it, if they are signed in there)."""
    user.set_password(password)
    user.start_code_hash = None
    user.start_code_expires_at = None
    close_other_sign_ins(user, keep=keep_sign_in)
    db.session.flush()
