"""Creating and finding accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.learn.services import ServiceError
from app.models import Role, User

# Checked when no such user exists, so that a wrong username takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


class UsernameTaken(ServiceError):
    pass


def normalise_username(username: str) -> str:
    return username.strip().lower()


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


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
