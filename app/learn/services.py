"""The rules of learning: enrolling, marking lessons done, self-checks, progress, completion.

Plain functions with explicit arguments; they flush, and the caller commits.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, load_only, selectinload

from app.content.reading import pick_text, titles_only, wanted_languages
from app.errors import ServiceError
from app.extensions import db
from app.models import (
    Attendance,
    CheckAnswer,
    Course,
    CourseText,
    Enrollment,
    Lesson,
    LessonProgress,
    LessonText,
    Registration,
    Seminar,
    User,
    utcnow,
)


class InvalidAnswer(ServiceError):
    pass


M = TypeVar("M")


def _get_or_create(model: type[M], defaults: dict | None = None, **keys: object) -> tuple[M, bool]:
    """Fetch a row by its unique keys, or create it; safe when two requests race."""
    row = db.session.scalar(select(model).filter_by(**keys))
    if row is not None:
        return row, False
    try:
        with db.session.begin_nested():
            row = model(**keys, **(defaults or {}))
            db.session.add(row)
    except IntegrityError:
        # Another request created it between our select and insert (a double click).
        return db.session.scalars(select(model).filter_by(**keys)).one(), False
    return row, True


def enroll(user: User, course: Course) -> Enrollment:
    """Enroll *user* in *course*; enrolling again changes nothing."""
    enrollment, _created = _get_or_create(Enrollment, user_id=user.id, course_id=course.id)
    return enrollment


def active_lesson_ids(course_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Lesson.id).where(Lesson.course_id == course_id, Lesson.retired_at.is_(None))
        )
    )


def mark_done(user: User, lesson: Lesson, when: datetime | None = None) -> bool:
    """Mark *lesson* done (enrolling if needed); True when this completes the course.

    Marking a lesson done twice keeps the first date and changes nothing else.
    """
    enrollment = enroll(user, lesson.course)
    _get_or_create(
        LessonProgress, {"done_at": when or utcnow()}, user_id=user.id, lesson_id=lesson.id
    )
    db.session.flush()
    if enrollment.completed_at is not None:
        return False
    active = set(active_lesson_ids(lesson.course_id))
    done = set(
        db.session.scalars(
            select(LessonProgress.lesson_id).where(
                LessonProgress.user_id == user.id, LessonProgress.lesson_id.in_(active)
            )
        )
    )
    if done == active:
        enrollment.completed_at = utcnow()
        db.session.flush()
        return True
    return False


def grade(check: dict, choices: list[int]) -> bool:
    """Whether *choices* are exactly the right answers of *check*."""
    return sorted(set(choices)) == sorted(check["correct"])


def validate_choices(text: LessonText, position: int, choices: list[int]) -> dict:
    """The check at *position* (from 1) if *choices* fit it; raises InvalidAnswer otherwise."""
    if not 1 <= position <= len(text.checks):
        raise InvalidAnswer(_l("This question does not exist any more. Please reload the lesson."))
    check = text.checks[position - 1]
    if not choices:
        raise InvalidAnswer(_l("Choose an answer."))
    if any(not 0 <= choice < len(check["options"]) for choice in choices):
        raise InvalidAnswer(_l("This answer does not exist any more. Please reload the lesson."))
    if len(choices) > 1 and not check["multiple"]:
        raise InvalidAnswer(_l("Choose only one answer."))
    return check


def answer_check(user: User, text: LessonText, position: int, choices: list[int]) -> CheckAnswer:
    """Record *user*'s answer to one self-check (the latest answer counts)."""
    check = validate_choices(text, position, choices)
    correct = grade(check, choices)
    answer, created = _get_or_create(
        CheckAnswer,
        {"choices": sorted(set(choices)), "correct": correct},
        user_id=user.id,
        lesson_id=text.lesson_id,
        position=position,
    )
    if not created:
        answer.choices, answer.correct, answer.answered_at = sorted(set(choices)), correct, utcnow()
    db.session.flush()
    return answer


def answers_for(user: User, lesson: Lesson) -> dict[int, list[int]]:
    """position → chosen options, for the learner's answered self-checks of one lesson."""
    rows = db.session.execute(
        select(CheckAnswer.position, CheckAnswer.choices).where(
            CheckAnswer.user_id == user.id, CheckAnswer.lesson_id == lesson.id
        )
    )
    return {row.position: list(row.choices) for row in rows}


def done_lesson_ids(user: User, course_ids: list[int] | None = None) -> set[int]:
    """Ids of the lessons *user* has done (in *course_ids*, if given): one query."""
    query = select(LessonProgress.lesson_id).where(LessonProgress.user_id == user.id)
    if course_ids is not None:
        query = query.join(Lesson).where(Lesson.course_id.in_(course_ids))
    return set(db.session.scalars(query))


def done_dates(user: User, course_ids: list[int] | None = None) -> dict[int, datetime]:
    """lesson id → when *user* marked it done (in *course_ids*, if given): one query."""
    query = select(LessonProgress.lesson_id, LessonProgress.done_at).where(
        LessonProgress.user_id == user.id
    )
    if course_ids is not None:
        query = query.join(Lesson).where(Lesson.course_id.in_(course_ids))
    return {row.lesson_id: row.done_at for row in db.session.execute(query)}


def completion_date(
    enrollment: Enrollment | None,
    active_ids: list[int],
    done_at: dict[int, datetime],
    attended_at: datetime | None = None,
) -> datetime | None:
    """When the course was completed, or None.

    Completed means: recorded as completed when its last lesson was marked done, or every active
    lesson is done now (two last lessons marked at the same moment; a lesson retired after the
    learner did all the others), or the learner attended a seminar linked to the course
    ("completed with a trainer": the seminar covers the course with a trainer in the room).
    """
    if enrollment is None:
        return None
    dates = [date for date in (enrollment.completed_at, attended_at) if date is not None]
    if active_ids and all(lesson_id in done_at for lesson_id in active_ids):
        dates.append(max(done_at[lesson_id] for lesson_id in active_ids))
    return min(dates) if dates else None


def attended_dates(user: User, course_ids: list[int] | None = None) -> dict[int, datetime]:
    """course id → the start of the first seminar for it that *user* attended: one query."""
    query = (
        select(Seminar.course_id, func.min(Seminar.starts_at))
        .join(Registration, Registration.seminar_id == Seminar.id)
        .where(
            Registration.user_id == user.id,
            Registration.attendance == Attendance.ATTENDED,
            Seminar.course_id.is_not(None),
        )
        .group_by(Seminar.course_id)
    )
    if course_ids is not None:
        query = query.where(Seminar.course_id.in_(course_ids))
    return {course_id: when for course_id, when in db.session.execute(query) if course_id}


def course_completion(user: User, course: Course) -> tuple[Enrollment | None, datetime | None]:
    """The learner's enrollment in *course* and when they completed it (None if not yet)."""
    enrollment = enrollment_for(user, course)
    if enrollment is None:
        return None, None
    active = [lesson.id for lesson in course.lessons if lesson.retired_at is None]
    attended = attended_dates(user, [course.id]).get(course.id)
    return enrollment, completion_date(enrollment, active, done_dates(user, [course.id]), attended)


def completed_with_trainer(user: User, course: Course) -> bool:
    return course.id in attended_dates(user, [course.id])


def enrollment_for(user: User, course: Course) -> Enrollment | None:
    return db.session.scalar(
        select(Enrollment).where(Enrollment.user_id == user.id, Enrollment.course_id == course.id)
    )


@dataclass
class CourseProgress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress_by_course(done_ids: set[int], course_ids: list[int]) -> dict[int, CourseProgress]:
    """Done and total active lessons for each course: one query."""
    rows = db.session.execute(
        select(Lesson.course_id, Lesson.id).where(
            Lesson.course_id.in_(course_ids), Lesson.retired_at.is_(None)
        )
    ).all()
    result = {course_id: CourseProgress(0, 0) for course_id in course_ids}
    for row in rows:
        result[row.course_id].total += 1
        if row.id in done_ids:
            result[row.course_id].done += 1
    return result


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


def merge_guest_progress(
    user: User, lesson_ids: list[int], answers: dict[tuple[int, int], list[int]]
) -> int:
    """Carry progress made before signing in (kept in the session) into *user*'s account.

    *answers* maps (lesson id, position) to chosen options. Returns how many lessons were added.
    """
    lessons = {
        lesson.id: lesson
        for lesson in db.session.scalars(
            select(Lesson).where(Lesson.id.in_(lesson_ids), Lesson.retired_at.is_(None))
        )
    }
    already = done_lesson_ids(user)
    added = 0
    for lesson_id in lesson_ids:
        lesson = lessons.get(lesson_id)
        if lesson is not None and lesson_id not in already:
            mark_done(user, lesson)
            added += 1
    # Translations keep the order of answers, so any language's text grades the same.
    texts = {
        text.lesson_id: text
        for text in db.session.scalars(
            select(LessonText).where(LessonText.lesson_id.in_({key[0] for key in answers}))
        )
    }
    for (lesson_id, position), choices in answers.items():
        if lesson_id in texts:
            # The lesson may have changed since; an old guest answer is not worth an error.
            with contextlib.suppress(InvalidAnswer):
                answer_check(user, texts[lesson_id], position, choices)
    return added
