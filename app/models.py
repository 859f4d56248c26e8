"""Typed SQLAlchemy 2.0 models.

Content tables (City, Course, CourseText, Lesson, LessonText, SourceVersion) are written only by
the importer in app/content; everything people do lives in the remaining tables.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, UniqueConstraint, types
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(types.TypeDecorator[datetime]):
    """A timestamp stored in UTC that always comes back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use app.models.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _enum(enum_class: type[enum.Enum]) -> types.Enum:
    # Stored as short strings with a CHECK constraint: portable and easy to extend in a migration.
    return types.Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [m.value for m in members],
        name=enum_class.__name__.lower(),
    )


class Role(enum.StrEnum):
    LEARNER = "learner"
    TRAINER = "trainer"
    TRANSLATOR = "translator"
    ADMIN = "admin"


class City(db.Model):
    """A city profile imported from courses/_cities/<slug>.toml."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    website: Mapped[str] = mapped_column(String(500))
    links: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored in lower case: "Maria" and "maria" are the same person.
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[Role] = mapped_column(_enum(Role), default=Role.LEARNER)
    language: Mapped[str | None] = mapped_column(String(12))
    #: The language (de or en) to read lessons in that are not translated into `language`.
    second_language: Mapped[str | None] = mapped_column(String(12))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    city: Mapped[City | None] = relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def name_for_certificate(self) -> str:
        return self.display_name or self.username


class Course(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    source_language: Mapped[str] = mapped_column(String(12))
    topic: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(20))
    #: Sum of the active lessons' estimated minutes, kept by the importer.
    minutes: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    texts: Mapped[list[CourseText]] = relationship(
        back_populates="course", cascade="all, delete-orphan"
    )
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="course", order_by="Lesson.position", cascade="all, delete-orphan"
    )


class CourseText(db.Model):
    """A course's title, summary and introduction in one language."""

    __table_args__ = (UniqueConstraint("course_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    language: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str] = mapped_column(Text, default="")
    file_hash: Mapped[str] = mapped_column(String(12))
    #: The hash translations cite (see app.content.source.content_hash).
    content_hash: Mapped[str] = mapped_column(String(12))
    #: For a translation: the content hash of the source text it was translated from.
    source_hash: Mapped[str | None] = mapped_column(String(12))

    course: Mapped[Course] = relationship(back_populates="texts")


class Lesson(db.Model):
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    #: The file name without ".md" ("01-termin-finden"), as authors and translators know it.
    file_name: Mapped[str] = mapped_column(String(120), default="")
    position: Mapped[int] = mapped_column(default=0)
    minutes: Mapped[int] = mapped_column(default=5)
    #: Set when the lesson disappears from the course files; its learners' progress stays.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    course: Mapped[Course] = relationship(back_populates="lessons")
    texts: Mapped[list[LessonText]] = relationship(
        back_populates="lesson", cascade="all, delete-orphan"
    )


class LessonText(db.Model):
    """One lesson in one language, rendered and sanitised at import."""

    __table_args__ = (UniqueConstraint("lesson_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"))
    language: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(200))
    html: Mapped[str] = mapped_column(Text)
    #: [{"id": ..., "title": ..., "level": 2}] for long lessons, else [].
    toc: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: [{"question": ..., "options": [...], "correct": [0], "multiple": false,
    #:   "explanation_html": ...}], in the order the checks appear.
    checks: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    file_hash: Mapped[str] = mapped_column(String(12))
    content_hash: Mapped[str] = mapped_column(String(12))
    source_hash: Mapped[str | None] = mapped_column(String(12))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lesson: Mapped[Lesson] = relationship(back_populates="texts")


class SourceVersion(db.Model):
    """Every imported version of a source-language file, so translators can see what changed."""

    __table_args__ = (UniqueConstraint("course_id", "document", "hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    #: "course" for course.md, otherwise the lesson's slug.
    document: Mapped[str] = mapped_column(String(80))
    hash: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Enrollment(db.Model):
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    course: Mapped[Course] = relationship()


class LessonProgress(db.Model):
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), index=True)
    done_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CheckAnswer(db.Model):
    """A learner's latest answer to one self-check of a lesson."""

    __table_args__ = (UniqueConstraint("user_id", "lesson_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), index=True)
    #: The check's place in the lesson, counted from 1.
    position: Mapped[int]
    choices: Mapped[list[int]] = mapped_column(JSON)
    correct: Mapped[bool]
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
