"""Reading the course tree into plain data, remembering where everything came from.

Nothing here touches the database or renders Markdown; ``app.content.checker`` judges what is read.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.content.history import read_history

if TYPE_CHECKING:
    from app.content.site_pages import SitePageSource

FRONT_MATTER_FENCE = "+++"
CITIES_DIR = "_cities"
COURSE_FILE = "course.toml"
INTRO_NAME = "course"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NUMBER_PREFIX_RE = re.compile(r"^\d+[-_]")

TOPICS = ("appointments", "identity", "payments", "safety", "basics")
#: A lesson is a few screens of text (the longest shipped one is about 6 KB); anything near this
#: limit is a mistake (a pasted file, an export) or should be several lessons.
MAX_TEXT_BYTES = 256 * 1024
#: Control characters (other than tab and line breaks) have no place in a text people read; the
#: database refuses NUL. They come from copying out of other programs.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LEVELS = ("beginner", "intermediate", "advanced")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a course file, located as path:line."""

    path: Path
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class Document:
    """One Markdown file: its front matter and body, and where the body starts."""

    path: Path
    language: str
    name: str
    meta: dict[str, Any]
    meta_lines: dict[str, int]
    body: str
    body_line: int
    text: str
    #: Changes with any change to the file: decides whether the importer renders it again.
    file_hash: str
    #: Changes only when words a translator translates change (title, summary, body), not with
    #: re-wrapped lines or other keys: the `source = "…"` that translations cite.
    content_hash: str

    @property
    def slug(self) -> str:
        return lesson_slug(self.name)


@dataclass
class CourseSource:
    slug: str
    path: Path
    source_language: str = "de"
    topic: str = ""
    level: str = ""
    lesson_names: list[str] = field(default_factory=list)
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


#: Front matter keys whose values are translated, and so belong to a document's content hash.
TRANSLATED_KEYS = ("title", "summary")


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def text_hash(text: str) -> str:
    """A hash of the exact file text (line endings and outer blank lines aside)."""
    return _short_hash(normalise(text))


def content_hash(meta: dict[str, Any], body: str) -> str:
    """The hash that translations cite: the translated words, whitespace and line breaks ignored."""
    parts = [str(meta.get(key, "")) for key in TRANSLATED_KEYS] + [body]
    return _short_hash(" ".join(" ".join(parts).split()))


def document_hash(text: str) -> str | None:
    """The content hash of a Markdown file's text, or None if its front matter cannot be read."""
    problems: list[Problem] = []
    document = parse_document(text, Path("-"), Path("-"), "", problems)
    return document.content_hash if document else None


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def lesson_slug(name: str) -> str:
    """ "01-termin-finden" → "termin-finden": reordering lessons keeps their address and progress."""
    return NUMBER_PREFIX_RE.sub("", name)


def _toml_error_line(error: tomllib.TOMLDecodeError, toml_text: str) -> int:
    match = re.search(r"line (\d+)", str(error))
    if match:
        return int(match.group(1))
    return toml_text.count("\n") + 1 if "end of document" in str(error) else 1


def _toml_error_text(error: tomllib.TOMLDecodeError) -> str:
    return (
        re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
        or "invalid TOML"
    )


def _key_lines(toml_text: str, first_line: int) -> dict[str, int]:
    """Line of each top-level `key =` so that messages can point at it."""
    lines: dict[str, int] = {}
    for offset, line in enumerate(toml_text.split("\n")):
        match = re.match(r"\s*([A-Za-z0-9_-]+)\s*=", line)
        if match and match.group(1) not in lines:
            lines[match.group(1)] = first_line + offset
    return lines


def read_text_file(path: Path, display: Path, problems: list[Problem]) -> str | None:
    """A course file's text, or None with the reason in *problems*: too large, not UTF-8, or
    containing control characters (each reported at its line)."""
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        problems.append(
            Problem(
                display,
                1,
                f"the file is {size / 1024:,.0f} KB; a course file may be at most "
                f"{MAX_TEXT_BYTES // 1024} KB: split a long lesson into several",
            )
        )
        return None
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(display, 1, "the file is not saved as UTF-8 text"))
        return None
    found = False
    for number, line in enumerate(raw.split("\n"), 1):
        match = CONTROL_RE.search(line.removesuffix("\r"))
        if match:
            code = f"U+{ord(match.group()):04X}"
            problems.append(
                Problem(
                    display,
                    number,
                    f"an invisible control character ({code}) is in this line, in column "
                    f"{match.start() + 1}: delete it (it often comes from copying text out of "
                    "another program)",
                )
            )
            found = True
    return None if found else raw


def read_toml(path: Path, display: Path, problems: list[Problem]) -> tuple[dict, dict[str, int]]:
    """Parse a TOML file; a syntax error becomes a Problem and an empty table."""
    raw = read_text_file(path, display, problems)
    if raw is None:
        return {}, {}
    text = normalise(raw)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.append(
            Problem(
                display,
                _toml_error_line(error, text),
                f"cannot read this TOML file: {_toml_error_text(error)}",
            )
        )
        return {}, {}
    return data, _key_lines(text, 1)


def read_document(
    path: Path, display: Path, language: str, problems: list[Problem]
) -> Document | None:
    """Read a Markdown file and split it into TOML front matter and body."""
    raw = read_text_file(path, display, problems)
    if raw is None:
        return None
    return parse_document(raw, path, display, language, problems)


def parse_document(
    raw: str, path: Path, display: Path, language: str, problems: list[Problem]
) -> Document | None:
    """Split the text of a Markdown file into TOML front matter and body."""
    text = normalise(raw)
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        problems.append(
            Problem(
                display,
                1,
                "the file must start with front matter: a line '+++', then 'title = \"…\"', then '+++'",
            )
        )
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER_FENCE)
    except StopIteration:
        problems.append(
            Problem(display, 1, "the front matter is never closed: add a line '+++' after it")
        )
        return None
    meta_text = "\n".join(lines[1:end])
    try:
        meta = tomllib.loads(meta_text)
    except tomllib.TOMLDecodeError as error:
        line = 1 + _toml_error_line(error, meta_text)
        problems.append(
            Problem(display, line, f"cannot read the front matter: {_toml_error_text(error)}")
        )
        return None
    body = "\n".join(lines[end + 1 :])
    return Document(
        path=display,
        language=language,
        name=path.stem,
        meta=meta,
        meta_lines=_key_lines(meta_text, 2),
        body=body,
        body_line=end + 2,
        text=text,
        file_hash=text_hash(text),
        content_hash=content_hash(meta, body),
    )


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


def display_path(path: Path, root: Path) -> Path:
    """The path as an author knows it: relative to the folder above courses/."""
    try:
        return path.relative_to(root.parent)
    except ValueError:
        return path


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

    course.history = read_history(course_dir)
    for lang_dir in sorted(p for p in course_dir.iterdir() if is_language_dir(p)):
        for path in sorted(lang_dir.glob("*.md")):
            document = read_document(path, display_path(path, root), lang_dir.name, problems)
            if document is not None:
                course.documents[(lang_dir.name, document.name)] = document
    return course
