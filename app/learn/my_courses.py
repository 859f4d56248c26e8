"""The learner's "My courses" page as one read model: titles, progress and where to continue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, load_only, selectinload

from app.content.reading import pick_text, titles_only, wanted_languages
from app.extensions import db
from app.learn.progress import CourseProgress, attended_dates, completion_date, done_dates
from app.models import Course, CourseText, Enrollment, Lesson, LessonText, User


@dataclass
class MyCourseRow:
    enrollment: Enrollment
    course: Course
    title: str
    progress: CourseProgress
    completed_at: datetime | None
    #: The first lesson not yet done, in course order: where to continue.
    next_lesson: Lesson | None
    next_title: str | None


def my_courses(user: User, languages: list[str]) -> list[MyCourseRow]:
    """The learner's courses, those in progress first, each group most recently enrolled first;
    six queries in all.

    A course that has been retired stays here only if the learner completed it (for the
    certificate).
    """
    wanted = wanted_languages(languages)
    enrollments = (
        db.session.scalars(
            select(Enrollment)
            .join(Course)
            .where(Enrollment.user_id == user.id)
            .options(
                # Titles only, in the languages the page may show: never the lessons' HTML.
                contains_eager(Enrollment.course).options(
                    titles_only(Course.texts, CourseText, wanted),
                    selectinload(Course.lessons),
                ),
            )
            .order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc())
        )
        .unique()
        .all()
    )
    done = done_dates(user)
    attended = attended_dates(user)
    rows = []
    next_lessons: list[Lesson] = []
    for enrollment in enrollments:
        course = enrollment.course
        active = [lesson for lesson in course.lessons if lesson.retired_at is None]
        progress = CourseProgress(sum(1 for lesson in active if lesson.id in done), len(active))
        completed_at = completion_date(
            enrollment, [lesson.id for lesson in active], done, attended.get(course.id)
        )
        if course.retired_at is not None and completed_at is None:
            continue
        next_lesson = next((lesson for lesson in active if lesson.id not in done), None)
        if next_lesson is not None:
            next_lessons.append(next_lesson)
        text = pick_text(course.texts, languages, course.source_language)
        rows.append(
            MyCourseRow(
                enrollment,
                course,
                text.title if text else course.slug,
                progress,
                completed_at,
                next_lesson,
                None,
            )
        )
    # Only the lessons to continue with need a title: one query for all of them.
    titles = _lesson_titles([lesson.id for lesson in next_lessons], wanted)
    for row in rows:
        if row.next_lesson is not None:
            found = pick_text(
                titles.get(row.next_lesson.id, []), languages, row.course.source_language
            )
            row.next_title = found.title if found else None
    # Courses in progress first (a stable sort keeps the newest first in each group).
    rows.sort(key=lambda row: row.completed_at is not None)
    return rows


def _lesson_titles(lesson_ids: list[int], languages: list[str]) -> dict[int, list[LessonText]]:
    """The titles of these lessons in these languages (without their HTML), by lesson."""
    titles: dict[int, list[LessonText]] = {}
    if not lesson_ids:
        return titles
    for text in db.session.scalars(
        select(LessonText)
        .where(LessonText.lesson_id.in_(lesson_ids), LessonText.language.in_(languages))
        .options(load_only(LessonText.lesson_id, LessonText.language, LessonText.title))
    ):
        titles.setdefault(text.lesson_id, []).append(text)
    return titles
