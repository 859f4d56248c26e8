"""`flask courses check`: every problem in the course files, as `path:line: message`.

Messages are written for course authors, not programmers: they say what is wrong and how to fix it.
This module checks the tree, course.toml and front matter; the city profiles are checked in
``city_checks`` and the Markdown of each document in ``body_checks``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.content.body_checks import check_body
from app.content.city_checks import check_cities
from app.content.files import Document, Problem, display_path, lesson_slug, unknown_keys
from app.content.practice import compare_structure, parse_practice
from app.content.site_pages import read_site_pages
from app.content.source import (
    INTRO_NAME,
    LEVELS,
    MAX_IMAGE_BYTES,
    SLUG_RE,
    TOPICS,
    Catalogue,
    CourseSource,
    course_images,
    is_language_dir,
    read_catalogue,
)
from app.languages import LANGUAGE_TABLE

COURSE_KEYS = {"source", "topic", "level", "lessons", "practices"}
INTRO_KEYS = {"title", "summary"}
LESSON_KEYS = {"title", "minutes"}
PRACTICE_KEYS = {"title", "minutes", "after"}

#: (course slug, document: "course" or a lesson slug) → hashes of every imported source version
KnownVersions = Callable[[str, str], set[str]]


def _no_history(course: str, document: str) -> set[str]:
    return set()


def check_tree(
    root: Path, only: Path | None = None, known_versions: KnownVersions = _no_history
) -> tuple[Catalogue, list[Problem]]:
    """Read and check the course tree; the problems come sorted by file and line."""
    catalogue = read_catalogue(root, only)
    problems = list(catalogue.problems)
    problems += check_cities(catalogue.cities, root)
    for course in catalogue.courses:
        problems += check_course(course, catalogue, known_versions)
        problems += check_image_sizes(root / course.slug, root)
    if only is None:
        catalogue.site_pages = read_site_pages(root, problems)
    problems.sort(key=lambda p: (str(p.path), p.line))
    return catalogue, problems


def check_image_sizes(course_dir: Path, root: Path) -> list[Problem]:
    """Every image the import would store: none larger than MAX_IMAGE_BYTES."""
    if not course_dir.is_dir():
        return []
    problems = []
    for path in course_images(course_dir).values():
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            problems.append(
                Problem(
                    display_path(path, root),
                    1,
                    f"the image is {size / 1024:,.0f} KB; images may be at most "
                    f"{MAX_IMAGE_BYTES // 1024} KB, since many learners read on a phone: save it "
                    "smaller (fewer pixels, or as JPEG or WebP)",
                )
            )
    return problems


def check_course(
    course: CourseSource, catalogue: Catalogue, known_versions: KnownVersions
) -> list[Problem]:
    """Check course.toml, the lesson list, and every document of one course."""
    problems: list[Problem] = []
    if not SLUG_RE.match(course.slug):
        problems.append(
            Problem(
                course.path,
                1,
                "a course folder name may only use small letters a–z, digits and '-' "
                "(it becomes the course's web address)",
            )
        )
    if not course.data:
        return problems
    course_dir = catalogue.root / course.slug
    problems += _check_course_toml(course)
    problems += _check_lesson_names(course)
    problems += _check_files(course, course_dir)
    city_keys = [(city, set(city.links)) for city in catalogue.cities]
    for (language, name), document in sorted(course.documents.items()):
        is_translation = language != course.source_language
        if name in course.practice_names:
            allowed = PRACTICE_KEYS
            problems += _check_practice(course, document, is_translation)
        else:
            allowed = INTRO_KEYS if name == INTRO_NAME else LESSON_KEYS
        if name == INTRO_NAME and not is_translation:
            allowed = allowed | {"sources"}
            problems += _check_sources(document)
        if is_translation:
            allowed = allowed | {"source"}
        problems += _check_front_matter(document, allowed, is_translation)
        if is_translation:
            problems += _check_source_hash(course, document, known_versions)
        problems += check_body(document, course, course_dir, city_keys)
    return problems


def _check_practice(
    course: CourseSource, document: Document, is_translation: bool
) -> list[Problem]:
    """A practice's screens and parts, the lesson it follows, and a translation's structure."""
    practice, found = parse_practice(document.body)
    problems = [Problem(document.path, document.body_line + line, text) for line, text in found]
    after = document.meta.get("after")
    if after is not None and after not in course.lesson_names:
        problems.append(
            Problem(
                document.path,
                document.meta_lines.get("after", 1),
                f"after must name a lesson of this course, one of: {', '.join(course.lesson_names)}",
            )
        )
    source = course.documents.get((course.source_language, document.name))
    if is_translation and source is not None and not found:
        original, _problems = parse_practice(source.body)
        problems += [
            Problem(document.path, document.body_line + line, text)
            for line, text in compare_structure(original, practice)
        ]
    return problems


def _check_course_toml(course: CourseSource) -> list[Problem]:
    """The keys of course.toml and their values."""
    toml_path = course.path / "course.toml"
    data, lines = course.data, course.key_lines
    problems = unknown_keys(toml_path, data, lines, COURSE_KEYS)
    if data.get("source") not in LANGUAGE_TABLE:
        problems.append(
            Problem(
                toml_path,
                lines.get("source", 1),
                f"source must name the language the course is written in, one of: {', '.join(LANGUAGE_TABLE)}",
            )
        )
    if data.get("topic") not in TOPICS:
        problems.append(
            Problem(toml_path, lines.get("topic", 1), f"topic must be one of: {', '.join(TOPICS)}")
        )
    if data.get("level") not in LEVELS:
        problems.append(
            Problem(toml_path, lines.get("level", 1), f"level must be one of: {', '.join(LEVELS)}")
        )
    practices = data.get("practices", [])
    if not isinstance(practices, list) or not all(isinstance(n, str) for n in practices):
        problems.append(
            Problem(
                toml_path,
                lines.get("practices", 1),
                'practices must list the practice files in order, e.g. practices = ["uebung-termin"]',
            )
        )
    raw_lessons = data.get("lessons")
    if (
        not isinstance(raw_lessons, list)
        or not raw_lessons
        or not all(isinstance(n, str) for n in raw_lessons)
    ):
        problems.append(
            Problem(
                toml_path,
                lines.get("lessons", 1),
                'lessons must list the lesson files in order, e.g. lessons = ["01-start", "02-next"]',
            )
        )
    return problems


def _check_lesson_names(course: CourseSource) -> list[Problem]:
    """Each listed lesson name makes a web address of its own."""
    toml_path, lessons_line = course.path / "course.toml", course.key_lines.get("lessons", 1)
    problems = []
    seen: dict[str, str] = {}
    for name in course.lesson_names:
        slug = lesson_slug(name)
        if not SLUG_RE.match(slug):
            problems.append(
                Problem(
                    toml_path,
                    lessons_line,
                    f"lesson name '{name}' may only use small letters a–z, digits and '-'",
                )
            )
        if slug in seen:
            problems.append(
                Problem(
                    toml_path,
                    lessons_line,
                    f"lessons '{seen[slug]}' and '{name}' would get the same address '{slug}'",
                )
            )
        seen[slug] = name
    return problems


def _check_files(course: CourseSource, course_dir: Path) -> list[Problem]:
    """The source folder and its files exist; every other folder and file belongs somewhere."""
    toml_path, lines = course.path / "course.toml", course.key_lines
    source = course.source_language
    problems = []
    if not (course_dir / source).is_dir():
        problems.append(
            Problem(
                toml_path,
                lines.get("source", 1),
                f"the folder '{source}/' with the course in its source language is missing",
            )
        )
    if not (course_dir / source / "course.md").is_file():
        problems.append(
            Problem(
                toml_path, 1, f"{source}/course.md (title, summary and introduction) is missing"
            )
        )
    in_toml = [("lesson", "lessons", name) for name in course.lesson_names] + [
        ("practice", "practices", name) for name in course.practice_names
    ]
    for what, key, name in in_toml:
        if not (course_dir / source / f"{name}.md").is_file():
            problems.append(
                Problem(
                    toml_path,
                    lines.get(key, 1),
                    f"{what} '{name}' is listed here but {source}/{name}.md does not exist",
                )
            )
    for name in course.practice_names:
        if lesson_slug(name) in {lesson_slug(lesson) for lesson in course.lesson_names}:
            problems.append(
                Problem(
                    toml_path,
                    lines.get("practices", 1),
                    f"practice '{name}' would get the same name as a lesson "
                    f"('{lesson_slug(name)}'): give it a name of its own",
                )
            )
    listed = set(course.lesson_names) | set(course.practice_names)
    for lang_dir in sorted(p for p in course_dir.iterdir() if is_language_dir(p)):
        if lang_dir.name not in LANGUAGE_TABLE:
            problems.append(
                Problem(
                    course.path / lang_dir.name,
                    1,
                    f"'{lang_dir.name}' is not a language code this platform knows: use one of {', '.join(LANGUAGE_TABLE)}",
                )
            )
        problems += [
            Problem(
                course.path / lang_dir.name / md.name,
                1,
                "this file is not listed in course.toml: add it to lessons (or practices), or "
                "remove it",
            )
            for md in sorted(lang_dir.glob("*.md"))
            if md.stem != INTRO_NAME and md.stem not in listed
        ]
    return problems


def _check_sources(document: Document) -> list[Problem]:
    """The sources of a course's facts: a list of { title = "…", url = "https://…" }."""
    sources = document.meta.get("sources", [])
    ok = isinstance(sources, list) and all(
        isinstance(source, dict)
        and set(source) == {"title", "url"}
        and isinstance(source["title"], str)
        and source["title"].strip()
        and isinstance(source["url"], str)
        and source["url"].startswith("https://")
        for source in sources
    )
    if ok:
        return []
    return [
        Problem(
            document.path,
            document.meta_lines.get("sources", 1),
            "sources must list where the course's facts come from, each with a title and an "
            'https:// address: sources = [{ title = "Bundesmeldegesetz § 17", '
            'url = "https://www.gesetze-im-internet.de/bmg/__17.html" }]',
        )
    ]


def _check_front_matter(
    document: Document, allowed: set[str], is_translation: bool
) -> list[Problem]:
    problems = unknown_keys(document.path, document.meta, document.meta_lines, allowed)
    title = document.meta.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(document.path, 1, 'the front matter needs a title: title = "…"'))
    if "minutes" in document.meta:
        minutes = document.meta["minutes"]
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 240:
            problems.append(
                Problem(
                    document.path,
                    document.meta_lines.get("minutes", 1),
                    "minutes must be a whole number between 1 and 240 (the estimated reading time)",
                )
            )
    if "summary" in document.meta and not isinstance(document.meta["summary"], str):
        problems.append(
            Problem(
                document.path,
                document.meta_lines.get("summary", 1),
                "summary must be text in quotes",
            )
        )
    if "source" in document.meta and not is_translation:
        problems.append(
            Problem(
                document.path,
                document.meta_lines["source"],
                "only translations have a 'source' key",
            )
        )
    return problems


def _check_source_hash(
    course: CourseSource, document: Document, known_versions: KnownVersions
) -> list[Problem]:
    source_doc = course.documents.get((course.source_language, document.name))
    if source_doc is None:
        return []  # reported as unlisted or missing elsewhere
    line = document.meta_lines.get("source", 1)
    claimed = document.meta.get("source")
    original = f"{course.source_language}/{document.name}.md"
    if not isinstance(claimed, str) or not claimed:
        return [
            Problem(
                document.path,
                line,
                f'a translation needs source = "{source_doc.content_hash}", the version of {original} it translates',
            )
        ]
    if claimed == source_doc.content_hash:
        return []
    document_key = INTRO_NAME if document.name == INTRO_NAME else document.slug
    known = set(course.history.get(document_key, {})) | known_versions(course.slug, document_key)
    if claimed in known:
        return [
            Problem(
                document.path,
                line,
                f"this translation is outdated: {original} has changed since (its source is now "
                f'"{source_doc.content_hash}"); update the translation, then the source line',
                "warning",
            )
        ]
    return [
        Problem(
            document.path,
            line,
            f'source = "{claimed}" matches no version of {original}; the current one is "{source_doc.content_hash}"',
        )
    ]
