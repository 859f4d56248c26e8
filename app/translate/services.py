"""Where each lesson translation stands, and what changed in its source since it was made."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.content.source import INTRO_NAME
from app.extensions import db
from app.models import Course, CourseText, Lesson, LessonText, Practice, PracticeText, SourceVersion

CURRENT, OUTDATED, MISSING = "current", "outdated", "missing"


@dataclass
class DocumentStatus:
    """One document (a course introduction, a lesson or a practice) in one language."""

    course: Course
    document: str  # "course", or a lesson's or practice's slug
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
    #: language → statuses, introduction first, then lessons and practices in order
    documents: dict[str, list[DocumentStatus]] = field(default_factory=dict)

    def count(self, language: str, state: str) -> int:
        return sum(1 for status in self.documents.get(language, []) if status.state == state)


def _status(
    course: Course,
    document: str,
    title: str,
    source: CourseText | LessonText | PracticeText,
    translation: CourseText | LessonText | PracticeText | None,
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
    """For each active course: the state of each document in each of *languages*, in a fixed
    number of queries whatever the number of courses, lessons and practices."""
    courses = db.session.scalars(
        select(Course)
        .where(Course.retired_at.is_(None))
        .options(
            selectinload(Course.texts), selectinload(Course.lessons).selectinload(Lesson.texts)
        )
        .order_by(Course.slug)
    ).all()
    practices: dict[int, list[Practice]] = {}
    for practice in db.session.scalars(
        select(Practice)
        .where(Practice.retired_at.is_(None))
        .options(selectinload(Practice.texts))
        .order_by(Practice.position, Practice.id)
    ):
        practices.setdefault(practice.course_id, []).append(practice)
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
            for practice in practices.get(course.id, []):
                practice_texts = {t.language: t for t in practice.texts}
                source_text = practice_texts[course.source_language]
                statuses.append(
                    _status(
                        course,
                        practice.slug,
                        source_text.title,
                        source_text,
                        practice_texts.get(language),
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


def file_name(course: Course, document: str) -> str:
    """The file name (without .md) of a course's document: its introduction, a lesson, a practice."""
    if document == INTRO_NAME:
        return INTRO_NAME
    lesson = next((lesson for lesson in course.lessons if lesson.slug == document), None)
    if lesson is not None:
        return lesson.file_name
    practice = db.session.scalar(
        select(Practice).where(Practice.course_id == course.id, Practice.slug == document)
    )
    return practice.file_name if practice is not None else document


def find_course(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug, Course.retired_at.is_(None)))
