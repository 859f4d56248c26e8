"""The learner's "My courses" page as one read model: titles, progress and where to continue.

Three queries whatever the learner's history: their enrollments (with each course's first attended
seminar), the dates they did their lessons, and the practices they finished (none when no course
has practices). The courses' active lessons and the titles of the
rows shown come from what app.content.reading keeps per content revision. Everything is plain
values: no ORM object is built for a course, a lesson or a text (for a learner with forty courses
that cost more than the SQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.content.reading import (
    ActiveLesson,
    NotFound,
    active_lessons_by_course,
    active_practices_by_course,
    course_detail,
)
from app.extensions import db
from app.learn.progress import (
    CourseProgress,
    completion_date,
    finished_practices,
    first_attended,
)
from app.models import Course, Enrollment, LessonProgress, Registration, Seminar, User
from app.pagination import Page, paged


@dataclass(frozen=True)
class CourseRef:
    id: int
    slug: str
    source_language: str


@dataclass
class MyCourseRow:
    course: CourseRef
    enrolled_at: datetime
    progress: CourseProgress
    completed_at: datetime | None
    #: The first lesson not yet done, in course order: where to continue.
    next_lesson: ActiveLesson | None
    #: The course's title and the language it is in (filled for the rows of the page shown).
    title: str = ""
    title_language: str = ""
    next_title: str | None = None
    next_title_language: str = ""


def my_courses(user: User, languages: list[str], number: int, per_page: int) -> Page[MyCourseRow]:
    """Page *number* of the learner's courses, those in progress first, each group most recently
    enrolled first; only the rows of the page get their titles. Three queries at most.

    A course that has been retired stays here only if the learner completed it (for the
    certificate).
    """
    rows = _rows(user)
    page = paged(len(rows), number, per_page, lambda offset, limit: rows[offset : offset + limit])
    _add_titles(list(page.items), languages)
    return page


def _rows(user: User) -> list[MyCourseRow]:
    attended_at = (
        first_attended()
        .where(Registration.user_id == user.id, Seminar.course_id == Enrollment.course_id)
        .scalar_subquery()
    )
    enrollments = db.session.execute(
        select(
            Course.id,
            Course.slug,
            Course.source_language,
            Course.retired_at,
            Enrollment.enrolled_at,
            Enrollment.completed_at,
            attended_at.label("attended_at"),
        )
        .join(Course, Course.id == Enrollment.course_id)
        .where(Enrollment.user_id == user.id)
        .order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc())
    ).all()
    lessons = active_lessons_by_course()
    practices = active_practices_by_course()
    done_at = _done_at(user)
    wanted = [i for row in enrollments for i in practices.get(row.id, ())]
    finished = finished_practices(user, wanted) if wanted else set()
    rows = []
    for row in enrollments:
        active = lessons.get(row.id, ())
        active_ids = [lesson.id for lesson in active]
        own = practices.get(row.id, ())
        practices_done = sum(1 for practice_id in own if practice_id in finished)
        completed_at = completion_date(
            row, active_ids, done_at, row.attended_at, practices_done < len(own)
        )
        if row.retired_at is not None and completed_at is None:
            continue
        rows.append(
            MyCourseRow(
                CourseRef(row.id, row.slug, row.source_language),
                row.enrolled_at,
                CourseProgress(
                    sum(1 for i in active_ids if i in done_at) + practices_done,
                    len(active_ids) + len(own),
                    len(own),
                ),
                completed_at,
                next((lesson for lesson in active if lesson.id not in done_at), None),
            )
        )
    # Courses in progress first (a stable sort keeps the newest first in each group).
    rows.sort(key=lambda row: row.completed_at is not None)
    return rows


def _done_at(user: User) -> dict[int, datetime]:
    """lesson id → when *user* marked it done (one query by the learner's index)."""
    rows = db.session.execute(
        select(LessonProgress.lesson_id, LessonProgress.done_at).where(
            LessonProgress.user_id == user.id
        )
    )
    return {row.lesson_id: row.done_at for row in rows}


def _add_titles(rows: list[MyCourseRow], languages: list[str]) -> None:
    """Course titles and the titles of the lessons to continue with, in the first of *languages*
    that has them, else the course's source language, from the kept course outlines (after an
    import, two queries for each course shown that nobody has read since)."""
    for row in rows:
        try:
            detail = course_detail(row.course.slug, languages, include_retired=True)
        except NotFound:  # a course without any title: shown by its address
            row.title, row.title_language = row.course.slug, row.course.source_language
            continue
        row.title, row.title_language = detail.text.title, detail.text.language
        if row.next_lesson is None:
            continue
        entry = next((e for e in detail.lessons if e.lesson.id == row.next_lesson.id), None)
        if entry is not None:
            row.next_title, row.next_title_language = entry.text.title, entry.text.language
