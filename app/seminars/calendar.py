"""Seminars as iCalendar (RFC 5545) files, for "add to calendar" and subscribed feeds."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from app.links import public_host, public_url
from app.models import Seminar, utcnow

#: Seminars happen in Hessen: times are stored in UTC and shown and exchanged in this zone.
BERLIN = ZoneInfo("Europe/Berlin")


def _event(seminar: Seminar, language: str) -> Event:
    event = Event()
    event.add("uid", f"seminar-{seminar.id}@{public_host()}")
    event.add("dtstamp", utcnow())
    event.add("dtstart", seminar.starts_at.astimezone(BERLIN))
    event.add("dtend", seminar.ends_at.astimezone(BERLIN))
    event.add("summary", seminar.title)
    event.add("location", f"{seminar.venue.name}, {seminar.venue.address}")
    if seminar.description:
        event.add("description", seminar.description)
    event.add("url", public_url(f"/{language}/seminars/{seminar.id}/"))
    # Calendar programs replace an event they know when its sequence number grows.
    event.add("sequence", int(seminar.updated_at.timestamp()) // 60)
    event.add("status", "CANCELLED" if seminar.is_cancelled else "CONFIRMED")
    return event


def calendar_for(
    seminars: list[Seminar], language: str, name: str, method: str | None = None
) -> bytes:
    """A calendar with one event per seminar, times in Europe/Berlin with its VTIMEZONE.
    *method* "PUBLISH" for a calendar attached to an e-mail (RFC 5546)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Lernlotse//Seminars//DE")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    for seminar in seminars:
        calendar.add_component(_event(seminar, language))
    if seminars:
        calendar.add_missing_timezones()
    else:
        # RFC 5545 wants at least one component: an empty feed still carries its time zone.
        calendar.add_component(Timezone.from_tzid("Europe/Berlin"))
    return calendar.to_ical()
