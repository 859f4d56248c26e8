"""Importing one checked course: its row, lessons (retired, never deleted, when they leave the
files), texts rendered once, the source versions translators cite, and its images.

Called by ``app.content.importer`` inside its transaction; everything here flushes only.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from flask_babel import force_locale, gettext
from sqlalchemy import select

from app.content.files import Document, Problem, lesson_slug
from app.content.practice import parse_practice, stored_screens
from app.content.render import render
from app.content.source import INTRO_NAME, CourseSource, course_images
from app.extensions import db
from app.languages import LANGUAGE_TABLE
from app.models import (
    Course,
    CourseImage,
    CourseText,
    Lesson,
    LessonText,
    Practice,
    PracticeText,
    SourceVersion,
    utcnow,
)

#: Languages whose files keep their line breaks on the page: Leichte Sprache writes one sentence a line.
LINE_BREAK_LANGUAGES = {"de-x-ls"}


@dataclass
class ImportReport:
    """What an import did, by "course", "course/lesson" or "course/lesson (language)"."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    #: Translations whose files were deleted.
    removed: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired or self.removed)


def assign(obj: object, values: dict) -> bool:
    """Assign only what differs; True when anything changed (so a re-import writes nothing)."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


@dataclass
class _CourseFiles:
    """One course as its files say, and where the import reports to."""

    source: CourseSource
    folder: Path
    report: ImportReport
    rerender: bool


def import_course(
    source: CourseSource, course_dir: Path, report: ImportReport, rerender: bool
) -> None:
    files = _CourseFiles(source, course_dir, report, rerender)
    course, changed = _course_row(files)
    lessons = _import_lessons(course, files)
    active = [lesson for lesson in lessons.values() if lesson.retired_at is None]
    changed |= assign(course, {"minutes": sum(lesson.minutes for lesson in active)})
    db.session.flush()
    texts = {t.language: t for t in course.texts}
    lesson_texts = {
        (t.lesson_id, t.language): t
        for t in db.session.scalars(
            select(LessonText).join(Lesson).where(Lesson.course_id == course.id)
        )
    }
    versions = _known_source_versions(course, files)
    practices = _import_practices(course, files, lessons)
    for (language, name), document in sorted(source.documents.items()):
        key = INTRO_NAME if name == INTRO_NAME else lesson_slug(name)
        if language == source.source_language:
            _keep_source_version(course, key, document, versions, files)
        if name in source.practice_names:
            _import_practice_text(practices[key], document, files)
        elif name == INTRO_NAME:
            changed |= _import_course_text(
                course, texts.get(language), document, source, course_dir, rerender
            )
        else:
            _import_lesson(lessons[key], lesson_texts, document, files)
    _remove_deleted_translations(course, lessons, texts, lesson_texts, files)
    _remove_deleted_practice_translations(practices, files)
    if changed and source.slug not in report.created:
        course.updated_at = utcnow()
        report.updated.append(source.slug)
    _import_images(course, course_dir, report)


def _course_row(files: _CourseFiles) -> tuple[Course, bool]:
    """The course's row, created if new; whether its own values changed."""
    source = files.source
    course = db.session.scalar(select(Course).where(Course.slug == source.slug))
    if course is None:
        course = Course(
            slug=source.slug,
            source_language=source.source_language,
            topic=source.topic,
            level=source.level,
        )
        db.session.add(course)
        files.report.created.append(source.slug)
    intro = source.documents.get((source.source_language, INTRO_NAME))
    values = {
        "source_language": source.source_language,
        "topic": source.topic,
        "level": source.level,
        "sources": list(intro.meta.get("sources", [])) if intro else [],
    }
    changed = assign(course, {**values, "retired_at": None})
    return course, changed


def _import_lessons(course: Course, files: _CourseFiles) -> dict[str, Lesson]:
    """Lessons in the order course.toml lists them; those no longer listed are retired."""
    source, report = files.source, files.report
    lessons = {lesson.slug: lesson for lesson in course.lessons}
    for position, name in enumerate(source.lesson_names, 1):
        document = source.documents[(source.source_language, name)]
        slug = lesson_slug(name)
        minutes = int(document.meta.get("minutes", 5))
        lesson = lessons.get(slug)
        if lesson is None:
            lesson = Lesson(slug=slug, file_name=name, position=position, minutes=minutes)
            course.lessons.append(lesson)
            lessons[slug] = lesson
            report.created.append(f"{source.slug}/{slug}")
        elif assign(
            lesson,
            {"file_name": name, "position": position, "minutes": minutes, "retired_at": None},
        ):
            report.updated.append(f"{source.slug}/{slug}")
    listed = {lesson_slug(name) for name in source.lesson_names}
    for slug, lesson in lessons.items():
        if slug not in listed and lesson.retired_at is None:
            lesson.retired_at = utcnow()
            report.retired.append(f"{source.slug}/{slug}")
    return lessons


def _import_practices(
    course: Course, files: _CourseFiles, lessons: dict[str, Lesson]
) -> dict[str, Practice]:
    """Practices in the order course.toml lists them; those no longer listed are retired."""
    source, report = files.source, files.report
    practices = {
        practice.slug: practice
        for practice in db.session.scalars(select(Practice).where(Practice.course_id == course.id))
    }
    for position, name in enumerate(source.practice_names, 1):
        document = source.documents[(source.source_language, name)]
        after = document.meta.get("after")
        values = {
            "file_name": name,
            "position": position,
            "minutes": int(document.meta.get("minutes", 10)),
            "after_lesson_id": lessons[lesson_slug(after)].id if after else None,
            "retired_at": None,
        }
        slug = lesson_slug(name)
        practice = practices.get(slug)
        if practice is None:
            practice = Practice(course_id=course.id, slug=slug, **values)
            db.session.add(practice)
            practices[slug] = practice
            report.created.append(f"{source.slug}/{slug}")
        elif assign(practice, values):
            report.updated.append(f"{source.slug}/{slug}")
    listed = {lesson_slug(name) for name in source.practice_names}
    for slug, practice in practices.items():
        if slug not in listed and practice.retired_at is None:
            practice.retired_at = utcnow()
            report.retired.append(f"{source.slug}/{slug}")
    db.session.flush()
    return practices


def _import_practice_text(practice: Practice, document: Document, files: _CourseFiles) -> None:
    """A practice's screens in one language, their Markdown rendered once, here."""
    existing = next((t for t in practice.texts if t.language == document.language), None)
    if existing is not None and existing.file_hash == document.file_hash and not files.rerender:
        return
    # The start page is /<lang>/courses/<course>/practice/<slug>/, each screen one level deeper:
    # relative links to lessons need one "../" more on a screen.
    start = _renderer_options(document, files.source, files.folder, "practice-start")
    options = _renderer_options(document, files.source, files.folder, "practice")
    parsed, _problems = parse_practice(document.body)  # checked before the import began

    def html(lines: list[str]) -> str:
        return render("\n".join(lines), **options).html

    values = {
        "title": document.meta["title"].strip(),
        "intro_html": render("\n".join(parsed.intro), **start).html,
        "screens": stored_screens(parsed, html),
        "file_hash": document.file_hash,
        "content_hash": document.content_hash,
        "source_hash": document.meta.get("source"),
        "updated_at": utcnow(),
    }
    label = f"{files.source.slug}/{practice.slug} ({document.language})"
    if existing is None:
        practice.texts.append(PracticeText(language=document.language, **values))
        files.report.created.append(label)
    else:
        assign(existing, values)
        files.report.updated.append(label)


def _remove_deleted_practice_translations(
    practices: dict[str, Practice], files: _CourseFiles
) -> None:
    source = files.source
    for practice in practices.values():
        for text in list(practice.texts):
            if (
                text.language != source.source_language
                and (text.language, practice.file_name) not in source.documents
            ):
                practice.texts.remove(text)
                files.report.removed.append(f"{source.slug}/{practice.slug} ({text.language})")


def _known_source_versions(course: Course, files: _CourseFiles) -> set[tuple[str, str]]:
    """(document, hash) of every source version stored, after adding those of the _history folder
    (e.g. from another installation)."""
    versions = {
        (v.document, v.hash)
        for v in db.session.execute(
            select(SourceVersion.document, SourceVersion.hash).where(
                SourceVersion.course_id == course.id
            )
        )
    }
    for key, kept in files.source.history.items():
        for hash_, text in kept.items():
            if (key, hash_) not in versions:
                versions.add((key, hash_))
                db.session.add(
                    SourceVersion(course_id=course.id, document=key, hash=hash_, text=text.strip())
                )
    return versions


def _keep_source_version(
    course: Course, key: str, document: Document, versions: set, files: _CourseFiles
) -> None:
    """A source-language text is stored as a version translations can cite (`flask courses
    history` writes the versions into the course folder, for authors to commit)."""
    if (key, document.content_hash) not in versions:
        versions.add((key, document.content_hash))
        db.session.add(
            SourceVersion(
                course_id=course.id, document=key, hash=document.content_hash, text=document.text
            )
        )


def _import_lesson(
    lesson: Lesson, lesson_texts: dict, document: Document, files: _CourseFiles
) -> None:
    existing = lesson_texts.get((lesson.id, document.language))
    source = files.source
    if _import_lesson_text(lesson, existing, document, source, files.folder, files.rerender):
        label = f"{source.slug}/{lesson.slug} ({document.language})"
        if existing is not None:
            files.report.updated.append(label)
        elif f"{source.slug}/{lesson.slug}" not in files.report.created:
            files.report.created.append(label)


def _remove_deleted_translations(
    course: Course, lessons: dict[str, Lesson], texts: dict, lesson_texts: dict, files: _CourseFiles
) -> None:
    """A translation whose file was deleted disappears from the site (the source text never does)."""
    source, report = files.source, files.report
    present = set(source.documents)
    by_id = {lesson.id: lesson for lesson in lessons.values()}
    for (lesson_id, language), text in lesson_texts.items():
        lesson = by_id[lesson_id]
        if language != source.source_language and (language, lesson.file_name) not in present:
            db.session.delete(text)
            report.removed.append(f"{source.slug}/{lesson.slug} ({language})")
    for language, text in texts.items():
        if language != source.source_language and (language, INTRO_NAME) not in present:
            course.texts.remove(text)
            report.removed.append(f"{source.slug} ({language})")


def _import_images(course: Course, course_dir: Path, report: ImportReport) -> None:
    """Store the course's images; unchanged ones are not written again, removed ones go."""
    stored = {
        image.path: image
        for image in db.session.scalars(
            select(CourseImage).where(CourseImage.course_id == course.id)
        )
    }
    for relative, path in course_images(course_dir).items():
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        image = stored.pop(relative, None)
        if image is not None and image.hash == digest:
            continue
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if image is None:
            db.session.add(
                CourseImage(
                    course_id=course.id, path=relative, mimetype=mimetype, hash=digest, data=data
                )
            )
        else:
            assign(
                image, {"mimetype": mimetype, "hash": digest, "data": data, "updated_at": utcnow()}
            )
        report.updated.append(f"{course.slug}/{relative}")
    for image in stored.values():
        db.session.delete(image)
        report.removed.append(f"{course.slug}/{image.path}")


def _renderer_options(
    document: Document, source: CourseSource, course_dir: Path, base: str
) -> dict:
    """How links and images in this document become URLs; *base* is "lesson", "course",
    "practice-start" or "practice" (a practice's start page and its screens)."""
    up = {"lesson": "../", "practice-start": "../../", "practice": "../../../"}.get(base, "")

    def resolve_link(target: str) -> str | None:
        if urlsplit(target).scheme or target.startswith("#"):
            return None
        path, _, fragment = target.partition("#")
        name = PurePosixPath(path).stem
        url = up if name == INTRO_NAME else f"{up}{lesson_slug(name)}/"
        return url + (f"#{fragment}" if fragment else "")

    def resolve_image(target: str) -> str | None:
        if urlsplit(target).scheme:
            return None
        resolved = (course_dir / document.language / target).resolve()
        relative = resolved.relative_to(course_dir.resolve()).as_posix()
        return f"/media/{quote(source.slug)}/{quote(relative)}"

    with force_locale(LANGUAGE_TABLE[document.language].locale):
        # i18n: hidden text read out after a link that leaves Lernlotse
        label = gettext("(external website)")
    return {
        "resolve_link": resolve_link,
        "resolve_image": resolve_image,
        "external_label": label,
        "line_breaks": document.language in LINE_BREAK_LANGUAGES,
    }


def _import_course_text(
    course: Course,
    text: CourseText | None,
    document: Document,
    source: CourseSource,
    course_dir: Path,
    rerender: bool,
) -> bool:
    values = {
        "title": document.meta["title"].strip(),
        "summary": str(document.meta.get("summary", "")).strip(),
        "file_hash": document.file_hash,
        "content_hash": document.content_hash,
        "source_hash": document.meta.get("source"),
    }
    if text is not None and text.file_hash == document.file_hash and not rerender:
        return assign(text, values)
    rendered = render(document.body, **_renderer_options(document, source, course_dir, "course"))
    if text is None:
        course.texts.append(CourseText(language=document.language, html=rendered.html, **values))
        return True
    assign(text, {"html": rendered.html, **values})
    return True


def _import_lesson_text(
    lesson: Lesson,
    text: LessonText | None,
    document: Document,
    source: CourseSource,
    course_dir: Path,
    rerender: bool,
) -> bool:
    if text is not None and text.file_hash == document.file_hash and not rerender:
        return False
    rendered = render(document.body, **_renderer_options(document, source, course_dir, "lesson"))
    values = {
        "title": document.meta["title"].strip(),
        "html": rendered.html,
        "toc": rendered.toc,
        "checks": rendered.checks,
        "file_hash": document.file_hash,
        "content_hash": document.content_hash,
        "source_hash": document.meta.get("source"),
        "updated_at": utcnow(),
    }
    if text is None:
        lesson.texts.append(LessonText(language=document.language, **values))
    else:
        assign(text, values)
    return True
