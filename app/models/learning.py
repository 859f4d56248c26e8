"""What learners do: enrollments, lessons done, self-check answers, practices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.models.content import Course
from app.models.people import User


class Enrollment(Model):
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    course: Mapped[Course] = relationship()


class LessonProgress(Model):
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), index=True)
    done_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CheckAnswer(Model):
    """A learner's latest answer to one self-check of a lesson (and how many were wrong)."""

    __table_args__ = (UniqueConstraint("user_id", "lesson_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), index=True)
    #: The check's place in the lesson, counted from 1.
    position: Mapped[int]
    choices: Mapped[list[int]] = mapped_column(JSON)
    correct: Mapped[bool]
    #: How many answers were wrong, all told: a group's leaders see where someone struggled.
    wrong_tries: Mapped[int] = mapped_column(default=0, server_default="0")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PracticeStep(Model):
    """A learner's way through one screen of a practice: how many wrong tries it took (a hint
    after the first, the answer shown after the second) and when they got it done."""

    __table_args__ = (UniqueConstraint("user_id", "practice_id", "screen"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id"), index=True)
    #: The screen's id in the practice file ("termin").
    screen: Mapped[str] = mapped_column(String(40))
    wrong_tries: Mapped[int] = mapped_column(default=0)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PracticeCompletion(Model):
    """A practice finished (it counts towards its course like a lesson); trying again keeps it."""

    __table_args__ = (UniqueConstraint("user_id", "practice_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id"), index=True)
    done_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
