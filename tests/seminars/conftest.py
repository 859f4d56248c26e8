"""Seminar fixtures: venues, seminars and trainers in the demo cities."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import City, Course, Role, Seminar, Venue, utcnow
from app.seminars import services
from tests.conftest import make_user


def city(slug: str) -> City:
    return db.session.scalar(select(City).where(City.slug == slug))


def make_venue(city_slug: str = "frankfurt", **overrides) -> Venue:
    values = {
        "city": city(city_slug),
        "name": "Stadtteilbibliothek Bockenheim",
        "street": "Kurfürstenstraße 1",
        "postcode": "60486",
        "town": "Frankfurt am Main",
        "step_free": True,
    }
    values.update(overrides)
    venue = Venue(**values)
    db.session.add(venue)
    db.session.commit()
    return venue


def make_seminar(venue: Venue | None = None, **overrides) -> Seminar:
    venue = venue or make_venue()
    starts = utcnow().replace(microsecond=0) + timedelta(days=3)
    values = {
        "city_id": venue.city_id,
        "venue": venue,
        "language": "de",
        "title": "Termine online buchen",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "capacity": 10,
        "course": db.session.scalar(select(Course).where(Course.slug == "online-termin")),
    }
    values.update(overrides)
    seminar = Seminar(**values)
    db.session.add(seminar)
    db.session.commit()
    return seminar


def seminar_with_people() -> Seminar:
    """A seminar in Frankfurt with a learner and a phone guest registered."""
    seminar = make_seminar()
    services.register(seminar.id, user=make_user(username="aylin", display_name="Aylin Demir"))
    services.register(seminar.id, guest_name="Herr Nowak", guest_phone="069 555555")
    db.session.commit()
    return seminar


def make_city_admin(username: str = "willi", city_slug: str = "wiesbaden", **overrides):
    """An admin for one city (an admin without a city manages all of them)."""
    user = make_user(username=username, role=Role.ADMIN, **overrides)
    user.city = city(city_slug)
    db.session.commit()
    return user


def make_trainer(username: str = "tara", city_slug: str = "frankfurt", **overrides):
    user = make_user(username=username, role=Role.TRAINER, **overrides)
    user.city = city(city_slug)
    db.session.commit()
    return user


@pytest.fixture
def seminar():
    return make_seminar()


@pytest.fixture
def trainer():
    return make_trainer()


def data_for(seminar_venue: Venue, days: int = 5, **overrides) -> services.SeminarData:
    day = (utcnow() + timedelta(days=days)).astimezone(services.BERLIN).date()
    values = {
        "title": "PIN vergessen? Hilfe vor Ort",
        "description": "Bringen Sie Ihren Ausweis mit.",
        "language": "de",
        "venue_id": seminar_venue.id,
        "course_id": None,
        "day": day,
        "start": "10:00",
        "end": "12:00",
        "capacity": 8,
    }
    values.update(overrides)
    return services.SeminarData(**values)
