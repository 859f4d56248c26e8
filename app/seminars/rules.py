"""What every seminar service relies on: its errors, who may manage a city's seminars, which
registrations hold a place."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.accounts.roles import can_manage_city
from app.errors import ServiceError
from app.models import (
    RegistrationStatus,
    User,
)
from app.seminars import calendar

BERLIN = calendar.BERLIN
#: Registrations that hold a seat or a waitlist place.
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


class SeminarError(ServiceError):
    """A seminar rule was broken; nothing was changed. *field* names the form field at fault."""


class NotAllowed(SeminarError):
    """The person may not change this seminar (another city, or not a trainer)."""


def require_city(user: User, city_id: int) -> None:
    if not can_manage_city(user, city_id):
        raise NotAllowed(_l("You can only manage seminars of your own city."))
