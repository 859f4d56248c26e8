"""Where each lesson translation stands, and what changed in its source since it was made."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.content.source import INTRO_NAME
from app.extensions import db
from app.models import Course, CourseText, Lesson, LessonText, SourceVersion

CURRENT, OUTDATED, MISSING = "current", "outdated", "missing"


@dataclass
class DocumentStatus:
    """One document (a course introduction or a lesson) in one language."""

    course: Course
    document: str  # "course" or a lesson slug
    title: str  # in the source language
    language: str
    state: str
    #: For an outdated translation: the source version it was made from, and the current one.
    based_on: str | None = None
    current: str | None = None


@dataclass
class CourseTranslations:
    course: Course
    title: str
    languages: list[str]
    #: language → statuses, introduction first, then lessons in order
    documents: dict[str, list[DocumentStatus]] = field(default_factory=dict)

    def count(self, language: str, state: str) -> int:
        return sum(1 for status in self.documents.get(language, []) if status.state == state)


def _status(
    course: Course,
    document: str,
    title: str,
    source: CourseText | LessonText,
    translation: CourseText | LessonText | None,
    language: str,
) -> DocumentStatus:
    if translation is None:
        return DocumentStatus(course, document, title, language, MISSING)
    if translation.source_hash == source.content_hash:
        return DocumentStatus(course, document, title, language, CURRENT)
    return DocumentStatus(
        course, document, title, language, OUTDATED, translation.source_hash, source.content_hash
    )


def translation_overview(languages: list[str]) -> list[CourseTranslations]:
    """For each active course: the state of each document in each of *languages* (three queries)."""
    courses = db.session.scalars(
        select(Course)
        .where(Course.retired_at.is_(None))
        .options(
            selectinload(Course.texts), selectinload(Course.lessons).selectinload(Lesson.texts)
        )
        .order_by(Course.slug)
    ).all()
    overview = []
    for course in courses:
        texts: dict[str, CourseText] = {text.language: text for text in course.texts}
        source_intro = texts[course.source_language]
        wanted = [lang for lang in languages if lang != course.source_language]
        entry = CourseTranslations(course, source_intro.title, wanted)
        for language in wanted:
            statuses = [
                _status(
                    course,
                    INTRO_NAME,
                    source_intro.title,
                    source_intro,
                    texts.get(language),
                    language,
                )
            ]
            for lesson in course.lessons:
                if lesson.retired_at is not None:
                    continue
                by_language: dict[str, LessonText] = {t.language: t for t in lesson.texts}
                source = by_language[course.source_language]
                statuses.append(
                    _status(
                        course,
                        lesson.slug,
                        source.title,
                        source,
                        by_language.get(language),
                        language,
                    )
                )
            entry.documents[language] = statuses
        overview.append(entry)
    return overview


class UnknownVersion(LookupError):
    """No imported source version has that hash."""


def source_version(course: Course, document: str, hash_: str) -> SourceVersion:
    version = db.session.scalar(
        select(SourceVersion).where(
            SourceVersion.course_id == course.id,
            SourceVersion.document == document,
            SourceVersion.hash == hash_,
        )
    )
    if version is None:
        raise UnknownVersion(hash_)
    return version


def _body(text: str) -> str:
    """A source file's text without its front matter, except the title and summary lines."""
    parts = text.split("+++", 2)
    if len(parts) < 3:
        return text
    kept = [line for line in parts[1].splitlines() if re.match(r"\s*(title|summary)\s*=", line)]
    return "\n".join(kept) + "\n\n" + parts[2].strip()


@dataclass
class DiffPiece:
    kind: str  # "same", "added", "removed"
    text: str


def word_diff(old: str, new: str) -> list[DiffPiece]:
    """What changed between two texts, word by word (line breaks count as spaces)."""
    old_words, new_words = _body(old).split(), _body(new).split()
    pieces: list[DiffPiece] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(DiffPiece("same", " ".join(old_words[a1:a2])))
        if op in ("delete", "replace"):
            pieces.append(DiffPiece("removed", " ".join(old_words[a1:a2])))
        if op in ("insert", "replace"):
            pieces.append(DiffPiece("added", " ".join(new_words[b1:b2])))
    return pieces


def find_course(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug, Course.retired_at.is_(None)))
