"""The seminars feature's services in one place, as views, commands and other features use them.

They live in four modules along their seams: the shared rules and errors (rules.py), reading
seminars and rosters (listing.py), registering and cancelling under a lock on the seminar
(registration.py), and what trainers do (scheduling.py).
"""

from __future__ import annotations

from app.seminars.listing import (
    RECENT_DAYS,
    RosterLine,
    SeminarFilter,
    SeminarRow,
    count_upcoming,
    get_registration,
    get_seminar,
    my_seminars,
    recent_page,
    registration_of,
    roster,
    roster_lines,
    rows_for,
    seminars_of,
    upcoming,
    upcoming_page,
    waitlist_position,
)
from app.seminars.registration import (
    cancel_registration,
    confirmed_count,
    lock_seminar,
    promote,
    register,
)
from app.seminars.rules import (
    ACTIVE,
    BERLIN,
    NotAllowed,
    SeminarError,
    require_city,
)
from app.seminars.scheduling import (
    SeminarData,
    cancel_seminar,
    create_seminars,
    create_venue,
    queue_reminders,
    set_attendance,
    update_seminar,
    venues_for,
)

__all__ = [
    "ACTIVE",
    "BERLIN",
    "NotAllowed",
    "RECENT_DAYS",
    "RosterLine",
    "SeminarData",
    "SeminarError",
    "SeminarFilter",
    "SeminarRow",
    "cancel_registration",
    "cancel_seminar",
    "confirmed_count",
    "count_upcoming",
    "create_seminars",
    "create_venue",
    "get_registration",
    "get_seminar",
    "lock_seminar",
    "my_seminars",
    "promote",
    "queue_reminders",
    "recent_page",
    "register",
    "registration_of",
    "require_city",
    "roster",
    "roster_lines",
    "rows_for",
    "seminars_of",
    "set_attendance",
    "upcoming",
    "upcoming_page",
    "update_seminar",
    "venues_for",
    "waitlist_position",
]
