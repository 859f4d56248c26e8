"""Reading the course tree into plain data, remembering where everything came from.

One file at a time is read by ``app.content.files``. Nothing here touches the database or renders
Markdown; ``app.content.checker`` judges what is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.content.files import (
    Document,
    Problem,
    display_path,
    normalise,
    read_document,
    read_toml,
)
from app.content.history import read_history

if TYPE_CHECKING:
    from app.content.site_pages import SitePageSource

CITIES_DIR = "_cities"
COURSE_FILE = "course.toml"
INTRO_NAME = "course"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

TOPICS = ("appointments", "identity", "payments", "safety", "basics")
LEVELS = ("beginner", "intermediate", "advanced")


@dataclass
class CourseSource:
    slug: str
    path: Path
    source_language: str = "de"
    topic: str = ""
    level: str = ""
    lesson_names: list[str] = field(default_factory=list)
    #: Practice file names (course.toml's `practices`), in order
    practice_names: list[str] = field(default_factory=list)
    #: course.toml as parsed, and the line of each key in it
    data: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    #: (language, file name without .md) → document
    documents: dict[tuple[str, str], Document] = field(default_factory=dict)
    #: document ("course" or a lesson slug) → {content hash: text} of earlier source versions
    history: dict[str, dict[str, str]] = field(default_factory=dict)

    def languages(self) -> list[str]:
        """The languages this course has any file in, the source language first."""
        langs = sorted({lang for lang, _ in self.documents})
        return sorted(langs, key=lambda lang: lang != self.source_language)


@dataclass
class CitySource:
    slug: str
    path: Path
    name: str = ""
    website: str = ""
    links: dict[str, str] = field(default_factory=dict)
    link_lines: dict[str, int] = field(default_factory=dict)
    hotline: str = ""
    #: [accessibility]: name, and url / email / phone of the city's accessibility contact
    accessibility: dict[str, str] = field(default_factory=dict)
    accessibility_lines: dict[str, int] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Catalogue:
    root: Path
    cities: list[CitySource] = field(default_factory=list)
    courses: list[CourseSource] = field(default_factory=list)
    #: courses/_pages/*.md, read by the checker (app.content.site_pages)
    site_pages: list[SitePageSource] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def is_language_dir(path: Path) -> bool:
    """Folders of a course that hold a language's files (not _history, not hidden ones)."""
    return path.is_dir() and not path.name.startswith(("_", "."))


#: The image formats lessons may show.
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
#: Pictures are read on phones over slow connections: a screenshot fits well below this.
MAX_IMAGE_BYTES = 1024 * 1024


def course_images(course_dir: Path) -> dict[str, Path]:
    """Every image of a course, by its path relative to the course folder ("de/karte.png")."""
    return {
        path.relative_to(course_dir).as_posix(): path
        for folder in sorted(p for p in course_dir.iterdir() if is_language_dir(p))
        for path in sorted(folder.rglob("*"))
        if path.suffix.lower() in IMAGE_EXTENSIONS and path.is_file()
    }


def read_catalogue(root: Path, only: Path | None = None) -> Catalogue:
    """Read every city profile and course under *root* (or the single course folder *only*)."""
    catalogue = Catalogue(root=root)
    problems = catalogue.problems
    if not root.is_dir():
        problems.append(Problem(root, 1, "the courses folder does not exist"))
        return catalogue

    cities_dir = root / CITIES_DIR
    for path in sorted(cities_dir.glob("*.toml")) if cities_dir.is_dir() else []:
        shown = display_path(path, root)
        data, key_lines = read_toml(path, shown, problems)
        links = data.get("links", {})
        link_lines = {}
        if data and isinstance(links, dict):
            link_lines = _key_lines_in_table(path, "links")
        accessibility = data.get("accessibility", {})
        accessibility_lines = {}
        if data and isinstance(accessibility, dict):
            accessibility_lines = _key_lines_in_table(path, "accessibility")
        catalogue.cities.append(
            CitySource(
                slug=path.stem,
                path=shown,
                name=data.get("name", ""),
                website=data.get("website", ""),
                links=links if isinstance(links, dict) else {},
                link_lines=link_lines,
                hotline=data.get("hotline", ""),
                accessibility=accessibility if isinstance(accessibility, dict) else {},
                accessibility_lines=accessibility_lines,
                data=data,
                key_lines=key_lines,
            )
        )

    course_dirs = (
        [only]
        if only is not None
        else sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    )
    for course_dir in course_dirs:
        catalogue.courses.append(read_course(course_dir, root, problems))
    return catalogue


def _key_lines_in_table(path: Path, table: str) -> dict[str, int]:
    """Line of each `key =` in the [table], and of the header itself under "[table]"."""
    lines: dict[str, int] = {}
    inside = False
    for number, line in enumerate(normalise(path.read_text(encoding="utf-8")).split("\n"), 1):
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            inside = header.group(1).strip() == table
            if inside:
                lines.setdefault(f"[{table}]", number)
            continue
        match = re.match(r"\s*([A-Za-z0-9_-]+)\s*=", line)
        if inside and match:
            lines.setdefault(match.group(1), number)
    return lines


def read_course(course_dir: Path, root: Path, problems: list[Problem]) -> CourseSource:
    """Read course.toml and every Markdown file of one course."""
    course = CourseSource(slug=course_dir.name, path=display_path(course_dir, root))
    toml_path = course_dir / COURSE_FILE
    shown = display_path(toml_path, root)
    if not toml_path.is_file():
        problems.append(Problem(shown, 1, "course.toml is missing: every course folder needs one"))
        data: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
    else:
        data, key_lines = read_toml(toml_path, shown, problems)
    course.data, course.key_lines = data, key_lines
    course.source_language = (
        data.get("source", "de") if isinstance(data.get("source"), str) else "de"
    )
    course.topic = data.get("topic", "") if isinstance(data.get("topic"), str) else ""
    course.level = data.get("level", "") if isinstance(data.get("level"), str) else ""
    lessons = data.get("lessons", [])
    if isinstance(lessons, list):
        course.lesson_names = [name for name in lessons if isinstance(name, str)]
    practices = data.get("practices", [])
    if isinstance(practices, list):
        course.practice_names = [name for name in practices if isinstance(name, str)]

    course.history = read_history(course_dir)
    for lang_dir in sorted(p for p in course_dir.iterdir() if is_language_dir(p)):
        for path in sorted(lang_dir.glob("*.md")):
            document = read_document(path, display_path(path, root), lang_dir.name, problems)
            if document is not None:
                course.documents[(lang_dir.name, document.name)] = document
    return course
