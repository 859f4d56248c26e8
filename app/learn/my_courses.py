"""The learner's "My courses" page as one read model: titles, progress and where to continue.

Three queries whatever the learner's history: their enrollments (with each course's first
attended seminar), the active lessons of those courses with the dates the learner did them, and
the titles of what one page shows. Everything is plain values: no ORM object is built for a
course, a lesson or a text (for a learner with forty courses that cost more than the SQL).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, literal, select

from app.content.reading import pick_text
from app.extensions import db
from app.learn.progress import CourseProgress, completion_date, first_attended
from app.models import (
    Course,
    CourseText,
    Enrollment,
    Lesson,
    LessonProgress,
    LessonText,
    Registration,
    Seminar,
    User,
)
from app.pagination import Page, paged


@dataclass(frozen=True)
class CourseRef:
    id: int
    slug: str
    source_language: str


@dataclass(frozen=True)
class LessonRef:
    id: int
    slug: str


@dataclass
class MyCourseRow:
    course: CourseRef
    enrolled_at: datetime
    progress: CourseProgress
    completed_at: datetime | None
    #: The first lesson not yet done, in course order: where to continue.
    next_lesson: LessonRef | None
    #: The course's title and the language it is in (filled for the rows of the page shown).
    title: str = ""
    title_language: str = ""
    next_title: str | None = None
    next_title_language: str = ""


def my_courses(user: User, languages: list[str], number: int, per_page: int) -> Page[MyCourseRow]:
    """Page *number* of the learner's courses, those in progress first, each group most recently
    enrolled first; only the rows of the page get their titles. Three queries.

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
    lessons, done_at = _lessons_and_progress(user, [row.id for row in enrollments])
    rows = []
    for row in enrollments:
        active = lessons.get(row.id, [])
        active_ids = [lesson.id for lesson in active]
        completed_at = completion_date(row, active_ids, done_at, row.attended_at)
        if row.retired_at is not None and completed_at is None:
            continue
        rows.append(
            MyCourseRow(
                CourseRef(row.id, row.slug, row.source_language),
                row.enrolled_at,
                CourseProgress(sum(1 for i in active_ids if i in done_at), len(active_ids)),
                completed_at,
                next((lesson for lesson in active if lesson.id not in done_at), None),
            )
        )
    # Courses in progress first (a stable sort keeps the newest first in each group).
    rows.sort(key=lambda row: row.completed_at is not None)
    return rows


def _lessons_and_progress(
    user: User, course_ids: list[int]
) -> tuple[dict[int, list[LessonRef]], dict[int, datetime]]:
    """The active lessons of these courses in course order, and when *user* did each (one
    query)."""
    lessons: dict[int, list[LessonRef]] = defaultdict(list)
    done_at: dict[int, datetime] = {}
    if not course_ids:
        return lessons, done_at
    for row in db.session.execute(
        select(Lesson.course_id, Lesson.id, Lesson.slug, LessonProgress.done_at)
        .outerjoin(
            LessonProgress,
            and_(LessonProgress.lesson_id == Lesson.id, LessonProgress.user_id == user.id),
        )
        .where(Lesson.course_id.in_(course_ids), Lesson.retired_at.is_(None))
        .order_by(Lesson.course_id, Lesson.position)
    ):
        lessons[row.course_id].append(LessonRef(row.id, row.slug))
        if row.done_at is not None:
            done_at[row.id] = row.done_at
    return lessons, done_at


def _add_titles(rows: list[MyCourseRow], languages: list[str]) -> None:
    """Course titles and the titles of the lessons to continue with, in the first of *languages*
    that has them, else the course's source language (one query)."""
    if not rows:
        return
    wanted = list(dict.fromkeys([*languages, *(row.course.source_language for row in rows)]))
    course_ids = [row.course.id for row in rows]
    lesson_ids = [row.next_lesson.id for row in rows if row.next_lesson is not None]
    courses = select(
        literal("course").label("kind"),
        CourseText.course_id.label("owner"),
        CourseText.language,
        CourseText.title,
    ).where(CourseText.course_id.in_(course_ids), CourseText.language.in_(wanted))
    lessons = select(
        literal("lesson").label("kind"),
        LessonText.lesson_id.label("owner"),
        LessonText.language,
        LessonText.title,
    ).where(LessonText.lesson_id.in_(lesson_ids or [-1]), LessonText.language.in_(wanted))
    titles: dict[tuple[str, int], list[_Title]] = defaultdict(list)
    for found_row in db.session.execute(courses.union_all(lessons)):
        titles[found_row.kind, found_row.owner].append(_Title(found_row.language, found_row.title))
    for row in rows:
        source = row.course.source_language
        found = pick_text(titles["course", row.course.id], languages, source)
        # A course without any title in these languages is shown by its address.
        row.title, row.title_language = (
            (found.title, found.language) if found else (row.course.slug, source)
        )
        if row.next_lesson is not None:
            found = pick_text(titles["lesson", row.next_lesson.id], languages, source)
            if found is not None:
                row.next_title, row.next_title_language = found.title, found.language


@dataclass(frozen=True)
class _Title:
    language: str
    title: str
