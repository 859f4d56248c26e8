"""Test data: people, venues, seminars and course trees, each made with sensible defaults.

Plain functions (`make_user(**overrides)`), imported by the tests that need them; the fixtures in
conftest.py build on them.
"""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

from sqlalchemy import select

from app.accounts.services import create_user
from app.config import PROJECT_ROOT
from app.extensions import db
from app.models import City, Course, Role, Seminar, User, Venue, utcnow
from app.seminars import services

COURSES = PROJECT_ROOT / "courses"
PASSWORD = "correct horse battery"


def make_user(**overrides) -> User:
    """A saved user; every field can be overridden."""
    values = {
        "username": "maria",
        "password": PASSWORD,
        "display_name": "Maria Musterfrau",
        "role": Role.LEARNER,
    }
    values.update(overrides)
    username, password = values.pop("username"), values.pop("password")
    user = create_user(username, password, **values)
    db.session.commit()
    return user


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


def make_helper(username: str = "hanna", city_slug: str = "frankfurt", **overrides):
    """A volunteer learning helper ("Lernbegleitung") of one city."""
    user = make_user(username=username, role=Role.HELPER, **overrides)
    user.city = city(city_slug)
    db.session.commit()
    return user


def data_for(seminar_venue: Venue, days: int = 5, **overrides) -> services.SeminarData:
    day = (utcnow() + timedelta(days=days)).astimezone(services.BERLIN).date()
    values = {
        "title": "PIN vergessen? Hilfe vor Ort",
        "description": "Bringen Sie Ihren Ausweis mit.",
        "language": "de",
        "venue_id": seminar_venue.id,
        "course_id": None,
        "day": day,
        "start": time(10),
        "end": time(12),
        "capacity": 8,
    }
    values.update(overrides)
    return services.SeminarData(**values)


def write_course(root: Path, files: dict[str, str]) -> Path:
    """Write a small course tree under *root* from {relative path: text}."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def finish_practices(user, course_slug: str) -> None:
    """*user* finishes every practice of a demo course (it completes with its last lesson only
    when its practices are done too). Commits."""
    from app.learn import practising
    from app.models import Practice

    practices = db.session.scalars(
        select(Practice)
        .join(Course, Course.id == Practice.course_id)
        .where(Course.slug == course_slug, Practice.retired_at.is_(None))
    ).all()
    assert practices, f"{course_slug} has no practice"
    for practice in practices:
        practising.complete(user, practice)
    db.session.commit()


def complete_course(user, course_slug: str) -> None:
    """*user* does every practice and every lesson of a demo course: it is completed. Commits."""
    from app.content.reading import course_detail
    from app.learn import services as learn

    finish_practices(user, course_slug)
    for entry in course_detail(course_slug, ["de"]).lessons:
        learn.mark_done(user, entry.lesson)
    db.session.commit()
