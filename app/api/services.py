"""The open data, as plain dictionaries: courses, seminars, and suppressed statistics."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.disclosure import MIN_COUNT, published_seats_left
from app.extensions import db
from app.languages import enabled_languages
from app.links import public_url
from app.models import (
    AnonymousCount,
    City,
    CountKind,
    Course,
    Enrollment,
    Lesson,
    Registration,
    Seminar,
    User,
)
from app.models.seminars import Attendance
from app.seminars.services import SeminarRow, rows_for
from app.sql import month_of

# --- courses ----------------------------------------------------------------------------------


def courses() -> list[dict]:
    """Every active course with its texts in each language it has (three queries)."""
    listed = db.session.scalars(
        select(Course)
        .where(Course.retired_at.is_(None))
        .options(selectinload(Course.texts))
        .order_by(Course.slug)
    ).all()
    lesson_counts = dict(
        db.session.execute(
            select(Lesson.course_id, func.count(Lesson.id))
            .where(Lesson.retired_at.is_(None))
            .group_by(Lesson.course_id)
        ).all()
    )
    enabled = set(enabled_languages())
    result = []
    for course in listed:
        texts = sorted(
            (text for text in course.texts if text.language in enabled), key=lambda t: t.language
        )
        result.append(
            {
                "slug": course.slug,
                "url": public_url(
                    url_for(
                        "catalog.show_course", lang=course.source_language, course_slug=course.slug
                    )
                ),
                "topic": course.topic,
                "level": course.level,
                "minutes": course.minutes,
                "lessons": lesson_counts.get(course.id, 0),
                "source_language": course.source_language,
                "languages": [text.language for text in texts],
                "texts": {
                    text.language: {
                        "title": text.title,
                        "summary": text.summary,
                        "url": public_url(
                            url_for(
                                "catalog.show_course", lang=text.language, course_slug=course.slug
                            )
                        ),
                    }
                    for text in texts
                },
                "updated_at": _iso(course.updated_at),
            }
        )
    return result


# --- seminars ---------------------------------------------------------------------------------


def city_slugs() -> list[str]:
    """Every city's slug, for checking the ?city= filter."""
    return list(db.session.scalars(select(City.slug).order_by(City.slug)))


def seminars(now: datetime, city: str | None = None, language: str | None = None) -> list[dict]:
    """Seminars that have not ended (cancelled ones too, marked), soonest first."""
    query = (
        select(Seminar)
        .where(Seminar.ends_at > now)
        .options(joinedload(Seminar.venue), joinedload(Seminar.city), joinedload(Seminar.course))
        .order_by(Seminar.starts_at, Seminar.id)
    )
    if city:
        query = query.join(City, City.id == Seminar.city_id).where(City.slug == city)
    if language:
        query = query.where(Seminar.language == language)
    return [_seminar(row) for row in rows_for(list(db.session.scalars(query).unique()))]


def _seminar(row: SeminarRow) -> dict:
    seminar, venue = row.seminar, row.seminar.venue
    return {
        "id": seminar.id,
        "url": public_url(url_for("seminars.show", lang="de", seminar_id=seminar.id)),
        "title": seminar.title,
        "description": seminar.description,
        "language": seminar.language,
        "course": seminar.course.slug if seminar.course else None,
        "starts_at": _iso(seminar.starts_at),
        "ends_at": _iso(seminar.ends_at),
        "status": seminar.status.value,
        "city": {"slug": seminar.city.slug, "name": seminar.city.name},
        "venue": {
            "name": venue.name,
            "street": venue.street,
            "postcode": venue.postcode,
            "town": venue.town,
            "step_free": venue.step_free,
            "accessible_toilet": venue.accessible_toilet,
            "hearing_loop": venue.hearing_loop,
            "transport_notes": venue.transport_notes,
        },
        "capacity": seminar.capacity,
        "seats_left": published_seats_left(seminar.capacity, row.confirmed, seminar.is_cancelled),
    }


# --- statistics -------------------------------------------------------------------------------


def _suppressed(rows: Iterable[tuple], keys: tuple[str, ...]) -> list[dict]:
    """Rows of (…keys, count) as dictionaries; counts below MIN_COUNT become null."""
    cells: dict[tuple, int] = defaultdict(int)
    for row in rows:
        *values, count = row
        cells[tuple(values)] += count
    result = []
    for key, count in sorted(cells.items(), key=lambda item: tuple(str(v) for v in item[0])):
        cell = dict(zip(keys, key, strict=True))
        if count < MIN_COUNT:
            cell.update(count=None, suppressed=True)
        else:
            cell.update(count=count, suppressed=False)
        result.append(cell)
    return result


def statistics() -> dict:
    """Enrollments, completions and seminar attendance by month, course, language and city."""
    keys = ("month", "course", "language", "city")
    learner_city = select(City.slug).where(City.id == User.city_id).scalar_subquery()

    def bymonth_of(timestamp):
        return (
            select(
                month_of(timestamp),
                Course.slug,
                func.coalesce(User.language, "unknown"),
                func.coalesce(learner_city, "unknown"),
                func.count(),
            )
            .select_from(Enrollment)
            .join(Course, Course.id == Enrollment.course_id)
            .join(User, User.id == Enrollment.user_id)
            .where(timestamp.is_not(None))
            .group_by(month_of(timestamp), Course.slug, User.language, User.city_id)
        )

    attended = (
        select(
            month_of(Seminar.starts_at),
            func.coalesce(Course.slug, "none"),
            Seminar.language,
            City.slug,
            func.count(),
        )
        .select_from(Registration)
        .join(Seminar, Seminar.id == Registration.seminar_id)
        .join(City, City.id == Seminar.city_id)
        .outerjoin(Course, Course.id == Seminar.course_id)
        .where(Registration.attendance == Attendance.ATTENDED)
        .group_by(month_of(Seminar.starts_at), Course.slug, Seminar.language, City.slug)
    )

    def with_deleted(rows: Iterable[tuple], kind: CountKind) -> list[tuple]:
        """The live rows, plus what deleted accounts left behind as anonymous counts."""
        kept = select(
            AnonymousCount.month,
            AnonymousCount.course,
            AnonymousCount.language,
            AnonymousCount.city,
            AnonymousCount.count,
        ).where(AnonymousCount.kind == kind)
        return [*rows, *db.session.execute(kept)]

    enrollments = db.session.execute(bymonth_of(Enrollment.enrolled_at))
    completions = db.session.execute(bymonth_of(Enrollment.completed_at))
    return {
        "enrollments": _suppressed(with_deleted(enrollments, CountKind.ENROLLMENT), keys),
        "completions": _suppressed(with_deleted(completions, CountKind.COMPLETION), keys),
        "seminar_attendance": _suppressed(
            with_deleted(db.session.execute(attended), CountKind.ATTENDANCE), keys
        ),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
