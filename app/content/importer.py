"""`flask courses import`: the checked course tree → the database, idempotently.

Nothing is written unless the whole tree passes the checker. Lessons that disappear from the files
are retired (hidden, with their learners' progress kept), never deleted. An import that changes
anything at all (a row of a content table written, added or removed) moves the content revision in
the same transaction, so every server shows the change within CONTENT_RECHECK_SECONDS.
One course is imported by ``course_import``; cities and the site's own pages here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.content.checker import check_tree
from app.content.course_import import ImportReport, assign, import_course
from app.content.files import Problem
from app.content.site_pages import SitePageSource, render_site_page
from app.content.source import CitySource
from app.content.version import bump_content_revision
from app.extensions import db
from app.models import (
    City,
    Course,
    CourseImage,
    CourseText,
    Lesson,
    LessonText,
    SitePage,
    SourceVersion,
    utcnow,
)


class ImportRefused(Exception):
    """The course files have errors; nothing was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the course files")
        self.problems = problems


def known_versions(course_slug: str, document: str) -> set[str]:
    """Hashes of every source version imported so far for one document."""
    return set(
        db.session.scalars(
            select(SourceVersion.hash)
            .join(Course, Course.id == SourceVersion.course_id)
            .where(Course.slug == course_slug, SourceVersion.document == document)
        )
    )


#: Tables that hold what readers see; any write to them moves the content revision.
CONTENT_MODELS = (
    City,
    Course,
    CourseText,
    Lesson,
    LessonText,
    SitePage,
    SourceVersion,
    CourseImage,
)


@contextlib.contextmanager
def _watching_content() -> Iterator[list[bool]]:
    """Notes whether any flush in the block adds, changes or deletes a content row."""
    changed = [False]
    session = db.session()

    def before_flush(session: Session, _context: object, _instances: object) -> None:
        if any(isinstance(o, CONTENT_MODELS) for o in (*session.new, *session.deleted)) or any(
            isinstance(o, CONTENT_MODELS) and session.is_modified(o) for o in session.dirty
        ):
            changed[0] = True

    event.listen(session, "before_flush", before_flush)
    try:
        yield changed
    finally:
        event.remove(session, "before_flush", before_flush)


def history_versions() -> list[tuple[str, str, str, str]]:
    """(course slug, document, hash, text) of every source version imported so far."""
    rows = db.session.execute(
        select(Course.slug, SourceVersion.document, SourceVersion.hash, SourceVersion.text)
        .join(Course, Course.id == SourceVersion.course_id)
        .order_by(Course.slug, SourceVersion.document, SourceVersion.id)
    )
    return [(slug, document, hash_, text) for slug, document, hash_, text in rows]


def import_courses(
    root: Path,
    progress: Callable[[Iterable], Iterable] = lambda items: items,
    rerender: bool = False,
) -> ImportReport:
    """Check *root*, then bring the database in line with it. Flushes; the caller commits.

    *rerender* renders unchanged files again, for when the renderer itself has changed.
    """
    catalogue, problems = check_tree(root, known_versions=known_versions)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ImportRefused(errors)
    report = ImportReport(warnings=[p for p in problems if not p.is_error])
    with _watching_content() as changed:
        _import_cities(catalogue.cities, report)
        _import_site_pages(catalogue.site_pages, report, rerender)
        present = set()
        for course in progress(catalogue.courses):
            present.add(course.slug)
            import_course(course, root / course.slug, report, rerender)
        for course in db.session.scalars(select(Course).where(Course.retired_at.is_(None))):
            if course.slug not in present:
                course.retired_at = course.updated_at = utcnow()
                report.retired.append(course.slug)
        db.session.flush()
    if changed[0]:
        bump_content_revision()
    return report


def _import_cities(cities: list[CitySource], report: ImportReport) -> None:
    existing = {city.slug: city for city in db.session.scalars(select(City))}
    for source in cities:
        city = existing.get(source.slug)
        values = {
            "name": source.name,
            "website": source.website,
            "links": dict(source.links),
            "hotline": source.hotline or None,
            "accessibility": dict(source.accessibility),
        }
        if city is None:
            db.session.add(City(slug=source.slug, **values))
            report.created.append(f"_cities/{source.slug}")
        elif any(getattr(city, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(city, key, value)
            report.updated.append(f"_cities/{source.slug}")


def _import_site_pages(pages: list[SitePageSource], report: ImportReport, rerender: bool) -> None:
    existing = {page.name: page for page in db.session.scalars(select(SitePage))}
    for source in pages:
        page = existing.pop(source.name, None)
        if page is not None and page.file_hash == source.file_hash and not rerender:
            continue
        values = {
            "title": source.title,
            "html": render_site_page(source),
            "video": source.video,
            "captions": source.captions,
            "poster": source.poster,
            "file_hash": source.file_hash,
            "updated_at": utcnow(),
        }
        if page is None:
            db.session.add(SitePage(name=source.name, **values))
            report.created.append(f"_pages/{source.name}")
        else:
            assign(page, values)
            report.updated.append(f"_pages/{source.name}")
    for gone in existing.values():
        db.session.delete(gone)
        report.retired.append(f"_pages/{gone.name}")
