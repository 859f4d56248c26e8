"""Progress: enrolling, marking lessons done, when a course counts as completed.

Plain functions with explicit arguments; they flush, and the caller commits. Rows that two
requests may create at once (a double click) are written with INSERT … ON CONFLICT.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import Select, func, select

from app.content.reading import active_lessons_by_course, active_practices_by_course
from app.extensions import db
from app.learn.checks import Identified, InvalidAnswer, answer_check
from app.models import (
    Attendance,
    Enrollment,
    Lesson,
    LessonProgress,
    LessonText,
    PracticeCompletion,
    Registration,
    Seminar,
    User,
    utcnow,
)
from app.sql import insert_missing


class LessonRef(Protocol):
    """A lesson as progress needs it: a Lesson, or a lesson of a kept course outline."""

    @property
    def id(self) -> int: ...

    @property
    def course_id(self) -> int: ...


class ActiveOrRetired(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def retired_at(self) -> datetime | None: ...


class CourseWithLessons(Protocol):
    """A course with all its lessons: a Course, or a kept course outline's course."""

    @property
    def id(self) -> int: ...

    @property
    def lessons(self) -> Sequence[ActiveOrRetired]: ...


def enroll(user: User, course: Identified) -> Enrollment:
    """Enroll *user* in *course*; enrolling again changes nothing."""
    return _enroll(user, course.id)


def _enroll(user: User, course_id: int) -> Enrollment:
    insert_missing(Enrollment, {"user_id": user.id, "course_id": course_id})
    return db.session.scalars(
        select(Enrollment).where(Enrollment.user_id == user.id, Enrollment.course_id == course_id)
    ).one()


def active_lesson_ids(course_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Lesson.id).where(Lesson.course_id == course_id, Lesson.retired_at.is_(None))
        )
    )


def mark_done(user: User, lesson: LessonRef, when: datetime | None = None) -> bool:
    """Mark *lesson* done (enrolling if needed); True when this completes the course.

    Marking a lesson done twice keeps the first date and changes nothing else.
    """
    enrollment = _enroll(user, lesson.course_id)
    insert_missing(
        LessonProgress, {"user_id": user.id, "lesson_id": lesson.id}, {"done_at": when or utcnow()}
    )
    return complete_if_all_done(user, enrollment)


def enroll_in(user: User, course_id: int) -> Enrollment:
    """Enroll *user* in the course with this id (enrolling again changes nothing)."""
    return _enroll(user, course_id)


def complete_if_all_done(user: User, enrollment: Enrollment) -> bool:
    """Record the course as completed when *user* has done every active lesson and finished every
    active practice of it; True when this completed it just now."""
    if enrollment.completed_at is not None:
        return False
    course_id = enrollment.course_id
    active = set(active_lesson_ids(course_id))
    done = set(
        db.session.scalars(
            select(LessonProgress.lesson_id).where(
                LessonProgress.user_id == user.id, LessonProgress.lesson_id.in_(active)
            )
        )
    )
    if done != active:
        return False
    practices = list(active_practices_by_course().get(course_id, ()))
    if practices and finished_practices(user, practices) != set(practices):
        return False
    enrollment.completed_at = utcnow()
    db.session.flush()
    return True


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


class Enrolled(Protocol):
    """What completion_date() needs of an enrollment: an Enrollment, or a row with its column."""

    @property
    def completed_at(self) -> datetime | None: ...


def completion_date(
    enrollment: Enrolled | None,
    active_ids: list[int],
    done_at: dict[int, datetime],
    attended_at: datetime | None = None,
    practices_left: bool = False,
) -> datetime | None:
    """When the course was completed, or None.

    Completed means: recorded as completed when its last lesson or practice was done, or every
    active lesson is done now and no active practice is left (two last lessons marked at the same
    moment; a lesson retired after the learner did all the others), or the learner attended a
    seminar linked to the course ("completed with a trainer": the seminar covers the course with a
    trainer in the room).
    """
    if enrollment is None:
        return None
    dates = [date for date in (enrollment.completed_at, attended_at) if date is not None]
    if active_ids and not practices_left and all(i in done_at for i in active_ids):
        dates.append(max(done_at[lesson_id] for lesson_id in active_ids))
    return min(dates) if dates else None


def first_attended() -> Select[datetime]:
    """The start of the first seminar attended (a seminar on a course, with a trainer in the room,
    completes it): the caller adds who and which course."""
    return (
        select(func.min(Seminar.starts_at))
        .join(Registration, Registration.seminar_id == Seminar.id)
        .where(Registration.attendance == Attendance.ATTENDED)
    )


def attended_dates(user: User, course_ids: list[int] | None = None) -> dict[int, datetime]:
    """course id → the start of the first seminar for it that *user* attended: one query."""
    query = (
        first_attended()
        .add_columns(Seminar.course_id)
        .where(Registration.user_id == user.id, Seminar.course_id.is_not(None))
        .group_by(Seminar.course_id)
    )
    if course_ids is not None:
        query = query.where(Seminar.course_id.in_(course_ids))
    return {course_id: when for when, course_id in db.session.execute(query) if course_id}


def course_completion(
    user: User, course: CourseWithLessons
) -> tuple[Enrollment | None, datetime | None]:
    """The learner's enrollment in *course* and when they completed it (None if not yet)."""
    enrollment = enrollment_for(user, course)
    if enrollment is None:
        return None, None
    active = [lesson.id for lesson in course.lessons if lesson.retired_at is None]
    attended = attended_dates(user, [course.id]).get(course.id)
    practices = list(active_practices_by_course().get(course.id, ()))
    left = bool(practices) and finished_practices(user, practices) != set(practices)
    done = done_dates(user, [course.id])
    return enrollment, completion_date(enrollment, active, done, attended, left)


def finished_practices(user: User, practice_ids: list[int]) -> set[int]:
    """Which of *practice_ids* *user* has finished (one query)."""
    return set(
        db.session.scalars(
            select(PracticeCompletion.practice_id).where(
                PracticeCompletion.user_id == user.id,
                PracticeCompletion.practice_id.in_(practice_ids),
            )
        )
    )


def completed_with_trainer(user: User, course: Identified) -> bool:
    return course.id in attended_dates(user, [course.id])


def enrollment_for(user: User, course: Identified) -> Enrollment | None:
    return db.session.scalar(
        select(Enrollment).where(Enrollment.user_id == user.id, Enrollment.course_id == course.id)
    )


@dataclass
class CourseProgress:
    """Steps of a course done: its lessons, and its practices when it has some."""

    done: int
    total: int
    #: how many of *total* are practices
    practices: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress_by_course(done_ids: set[int], course_ids: list[int]) -> dict[int, CourseProgress]:
    """Done and total active lessons for each course (no query while the content is unchanged)."""
    active = active_lessons_by_course()
    return {
        course_id: CourseProgress(
            sum(1 for lesson in active.get(course_id, ()) if lesson.id in done_ids),
            len(active.get(course_id, ())),
        )
        for course_id in course_ids
    }


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
