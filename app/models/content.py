"""Course content, written only by the importer in app/content."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow


class Course(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    source_language: Mapped[str] = mapped_column(String(12))
    topic: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(20))
    #: Sum of the active lessons' estimated minutes, kept by the importer.
    minutes: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Where the course's facts come from (course.md's `sources`): [{"title", "url"}].
    sources: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)

    texts: Mapped[list[CourseText]] = relationship(
        back_populates="course", cascade="all, delete-orphan"
    )
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="course", order_by="Lesson.position", cascade="all, delete-orphan"
    )


class CourseText(Model):
    """A course's title, summary and introduction in one language."""

    __table_args__ = (UniqueConstraint("course_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    language: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str] = mapped_column(Text, default="")
    file_hash: Mapped[str] = mapped_column(String(12))
    #: The hash translations cite (see app.content.files.content_hash).
    content_hash: Mapped[str] = mapped_column(String(12))
    #: For a translation: the content hash of the source text it was translated from.
    source_hash: Mapped[str | None] = mapped_column(String(12))

    course: Mapped[Course] = relationship(back_populates="texts")


class Lesson(Model):
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


class LessonText(Model):
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


class Practice(Model):
    """A practice of a course: guided screens like an e-service's (app/content/practice.py)."""

    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    #: The file name without ".md", as authors and translators know it.
    file_name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    minutes: Mapped[int] = mapped_column(default=10)
    #: The lesson that links to it (the course page always does).
    after_lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lesson.id"))
    #: Set when the practice leaves the course files; learners' results stay.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    texts: Mapped[list[PracticeText]] = relationship(
        back_populates="practice", cascade="all, delete-orphan"
    )
    course: Mapped[Course] = relationship()


class PracticeText(Model):
    """One practice in one language: its screens with their Markdown rendered at import."""

    __table_args__ = (UniqueConstraint("practice_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id"))
    language: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(200))
    intro_html: Mapped[str] = mapped_column(Text, default="")
    #: [{"id", "title", "html", "parts": [{"kind", "label", "options", "hint", "feedback",
    #:   "settings", "html"}]}], in order.
    screens: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    file_hash: Mapped[str] = mapped_column(String(12))
    content_hash: Mapped[str] = mapped_column(String(12))
    source_hash: Mapped[str | None] = mapped_column(String(12))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    practice: Mapped[Practice] = relationship(back_populates="texts")


class SourceVersion(Model):
    """Every imported version of a source-language file, so translators can see what changed."""

    __table_args__ = (UniqueConstraint("course_id", "document", "hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    #: "course" for course.md, otherwise the lesson's slug.
    document: Mapped[str] = mapped_column(String(80))
    hash: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SitePage(Model):
    """A page about the site itself (courses/_pages/<name>.md), rendered by the importer."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The file name without .md, e.g. "leichte-sprache".
    name: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    html: Mapped[str] = mapped_column(Text)
    #: File names in courses/_pages/media/, where the page has a video.
    video: Mapped[str | None] = mapped_column(String(200))
    captions: Mapped[str | None] = mapped_column(String(200))
    poster: Mapped[str | None] = mapped_column(String(200))
    file_hash: Mapped[str] = mapped_column(String(12))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CourseImage(Model):
    """An image of a course (a file under courses/<course>/), as imported: served from here, so
    what readers see changes with `flask courses import` and on every server at once."""

    __table_args__ = (UniqueConstraint("course_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    #: Relative to the course folder, with forward slashes: "de/phishing-mail.svg".
    path: Mapped[str] = mapped_column(String(300))
    mimetype: Mapped[str] = mapped_column(String(40))
    #: SHA-256 of the bytes: the ETag, and how a re-import sees that nothing changed.
    hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ContentRevision(Model):
    """One row: a number that every import which changes anything moves by one. Whatever a
    process keeps that was built from content is keyed by it (app/content/version.py)."""

    __tablename__ = "content_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(default=1)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
