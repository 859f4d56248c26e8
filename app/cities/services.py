"""Which city a learner lives in, and what each city's page shows.

A signed-in learner's city is stored on the account; anyone else's in a cookie. Staff (trainers and
admins) have a city that decides what they may manage: choosing a city to read lessons for never
changes it, so for them the choice lives in the cookie only.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, request
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.api.licence import MIN_COUNT
from app.catalog.services import pick_text
from app.extensions import db
from app.models import City, Course, CourseText, Enrollment, Role, User

CITY_COOKIE = "city"
#: The cookie value of someone who was asked and chose not to say.
NO_CITY = "none"


def all_cities() -> list[City]:
    """Every city, alphabetically; one query per request."""
    if "all_cities" not in g:
        g.all_cities = list(db.session.scalars(select(City).order_by(City.name)))
    return g.all_cities


def city_by_slug(slug: str | None) -> City | None:
    return next((city for city in all_cities() if city.slug == slug), None)


def current_city() -> City | None:
    """The city the visitor chose: the account's for learners, else the cookie's."""
    user = current_user
    if user and user.is_authenticated and user.role is Role.LEARNER and user.city_id:
        return next((c for c in all_cities() if c.id == user.city_id), None)
    return city_by_slug(request.cookies.get(CITY_COOKIE))


def city_question_answered() -> bool:
    """True once the visitor chose a city or said they would rather not: we ask only once."""
    if current_city() is not None:
        return True
    return request.cookies.get(CITY_COOKIE) == NO_CITY


def keeps_city_on_account(user: User) -> bool:
    """Learners keep their city on the account; staff's city is their area of work."""
    return user.is_authenticated and user.role is Role.LEARNER


def choose_city(user: User, city: City | None) -> None:
    """Remember a learner's choice on the account (the caller sets the cookie for everyone)."""
    if keeps_city_on_account(user):
        user.city_id = city.id if city is not None else None


@dataclass(frozen=True)
class PopularCourse:
    course: Course
    text: CourseText
    learners: int


def most_used_courses(city: City, languages: list[str], limit: int = 5) -> list[PopularCourse]:
    """The courses most learners of *city* enrolled in, with their text in the best language."""
    counts = (
        select(Enrollment.course_id, func.count().label("learners"))
        .join(User, User.id == Enrollment.user_id)
        .where(User.city_id == city.id)
        .group_by(Enrollment.course_id)
        # The open-data threshold: the public city page never points at a handful of people.
        .having(func.count() >= MIN_COUNT)
        .subquery()
    )
    rows = db.session.execute(
        select(Course, counts.c.learners)
        .join(counts, counts.c.course_id == Course.id)
        .where(Course.retired_at.is_(None))
        .options(selectinload(Course.texts))
        .order_by(counts.c.learners.desc(), Course.slug)
        .limit(limit)
    ).all()
    popular = []
    for course, learners in rows:
        text = pick_text(course.texts, languages, course.source_language)
        if text is not None:
            popular.append(PopularCourse(course, text, learners))
    return popular
