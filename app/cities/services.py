"""Keeping a learner's city on the account, and what a city's page shows (its popular courses).

The city of the person reading a page (account or cookie) is read by app/cities/context.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.content.reading import CityInfo, pick_text
from app.disclosure import MIN_COUNT
from app.extensions import db
from app.models import Course, CourseText, Enrollment, Role, User


def keeps_city_on_account(user: User) -> bool:
    """Learners keep their city on the account; staff's city is their area of work."""
    return user.is_authenticated and user.role is Role.LEARNER


def choose_city(user: User, city: CityInfo | None) -> None:
    """Remember a learner's choice on the account (the caller sets the cookie for everyone)."""
    if keeps_city_on_account(user):
        user.city_id = city.id if city is not None else None


@dataclass(frozen=True)
class PopularCourse:
    course: Course
    text: CourseText
    learners: int


def most_used_courses(city: CityInfo, languages: list[str], limit: int = 5) -> list[PopularCourse]:
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
