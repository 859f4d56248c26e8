"""The learning feature's services in one place, as views and other features use them.

They live in three modules along their seams: self-checks and grading (checks.py), enrolling,
marking done and completion (progress.py), and the "My courses" read model (my_courses.py).
Plain functions with explicit arguments; they flush, and the caller commits.
"""

from __future__ import annotations

from app.errors import ServiceError
from app.learn.checks import InvalidAnswer, answer_check, answers_for, grade, validate_choices
from app.learn.my_courses import MyCourseRow, my_courses
from app.learn.practising import merge_guest_practices
from app.learn.progress import (
    CourseProgress,
    active_lesson_ids,
    attended_dates,
    completed_with_trainer,
    completion_date,
    course_completion,
    done_dates,
    done_lesson_ids,
    enroll,
    enrollment_for,
    finished_practices,
    mark_done,
    merge_guest_progress,
    progress_by_course,
)

__all__ = [
    "CourseProgress",
    "InvalidAnswer",
    "MyCourseRow",
    "ServiceError",
    "active_lesson_ids",
    "answer_check",
    "answers_for",
    "attended_dates",
    "completed_with_trainer",
    "completion_date",
    "course_completion",
    "done_dates",
    "done_lesson_ids",
    "enroll",
    "enrollment_for",
    "finished_practices",
    "grade",
    "mark_done",
    "merge_guest_practices",
    "merge_guest_progress",
    "my_courses",
    "progress_by_course",
    "validate_choices",
]
