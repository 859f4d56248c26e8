"""People: accounts, roles and the cities they belong to."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import Model
from app.models.base import UTCDateTime, enum_type, utcnow

if TYPE_CHECKING:
    from app.models.seminars import Seminar


class Role(enum.StrEnum):
    LEARNER = "learner"
    TRAINER = "trainer"
    #: A volunteer ("Lernbegleitung"): runs learning groups, does not schedule seminars.
    HELPER = "helper"
    TRANSLATOR = "translator"
    ADMIN = "admin"


class City(Model):
    """A city profile imported from courses/_cities/<slug>.toml."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    website: Mapped[str] = mapped_column(String(500))
    links: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    #: The city's service number for residents, as written in the profile ("115").
    hotline: Mapped[str | None] = mapped_column(String(40))
    #: The city's accessibility contact: name, and url / email / phone where given.
    accessibility: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    #: Moves with every change, so pages kept between requests see it (app/content/version.py).
    updated_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    @property
    def hotline_tel(self) -> str | None:
        """The hotline as a tel: link target."""
        if not self.hotline:
            return None
        return "tel:" + "".join(c for c in self.hotline if c.isdigit() or c == "+")


def normalise_username(username: str) -> str:
    """A username as stored and looked up: trimmed, in lower case ("Maria" is "maria")."""
    return username.strip().lower()


class User(UserMixin, Model):
    # sign_in_token below is a plain attribute, not a column.
    __allow_unmapped__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored in lower case: "Maria" and "maria" are the same person.
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[Role] = mapped_column(enum_type(Role), default=Role.LEARNER)
    language: Mapped[str | None] = mapped_column(String(12))
    #: The language (de or en) to read lessons in that are not translated into `language`.
    second_language: Mapped[str | None] = mapped_column(String(12))
    #: A one-time code a trainer printed on a login card, for a first sign-in without e-mail.
    start_code_hash: Mapped[str | None] = mapped_column(String(255))
    start_code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    city: Mapped[City | None] = relationship()

    #: The sign-in this object was loaded for (app/accounts/sign_ins.py); not stored on the user.
    sign_in_token: str | None = None

    def get_id(self) -> str:
        """Flask-Login keeps this in the session and the remember-me cookie: the user and one
        sign-in. Ending the sign-in (sign-out, new password…) makes both cookies worthless."""
        if not self.sign_in_token:
            raise RuntimeError("open a sign-in (app/accounts/sign_ins.py) before login_user()")
        return f"{self.id}:{self.sign_in_token}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def name_for_certificate(self) -> str:
        return self.display_name or self.username


class SignIn(Model):
    """One signed-in browser. The session and remember-me cookies name it; deleting it signs that
    browser out, even if a copy of its cookies is used elsewhere."""

    __tablename__ = "sign_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the random token in the cookies: a copy of the database signs nobody in.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StaffActionKind(enum.StrEnum):
    #: A trainer or admin printed a login card with a new start code for an existing account.
    LOGIN_CARD = "login_card"


class StaffAction(Model):
    """Something staff did to a learner's account: kept for the city admins to see, and shown to
    the learner at their next sign-in. Who acted is kept as role and city too, so the record stays
    meaningful after a role changes or an account is deleted."""

    __tablename__ = "staff_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[StaffActionKind] = mapped_column(enum_type(StaffActionKind))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    actor_role: Mapped[Role] = mapped_column(enum_type(Role))
    actor_city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id"), index=True)
    #: The learner; None once they deleted their account.
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    subject_city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id"), index=True)
    #: The seminar whose roster it was done from, if any.
    seminar_id: Mapped[int | None] = mapped_column(ForeignKey("seminar.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: When the learner was shown it (at their next sign-in).
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    actor_city: Mapped[City | None] = relationship(foreign_keys=[actor_city_id])
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id])
    seminar: Mapped[Seminar | None] = relationship("Seminar")
