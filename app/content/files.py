"""Reading one file of the course tree: text checked for size, encoding and control characters,
TOML with the line of each key, Markdown split into front matter and body; and the hashes that
name a version of a document.

Every problem is reported as a ``Problem`` at ``path:line``, for course authors.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FRONT_MATTER_FENCE = "+++"
NUMBER_PREFIX_RE = re.compile(r"^\d+[-_]")
#: A lesson is a few screens of text (the longest shipped one is about 6 KB); anything near this
#: limit is a mistake (a pasted file, an export) or should be several lessons.
MAX_TEXT_BYTES = 256 * 1024
#: Control characters (other than tab and line breaks) have no place in a text people read; the
#: database refuses NUL. They come from copying out of other programs.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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


def display_path(path: Path, root: Path) -> Path:
    """The path as an author knows it: relative to the folder above courses/."""
    try:
        return path.relative_to(root.parent)
    except ValueError:
        return path


def unknown_keys(
    path: Path, data: dict, lines: dict[str, int], allowed: Iterable[str]
) -> list[Problem]:
    """A problem for each key of a TOML table that is not one of *allowed*."""
    allowed = sorted(allowed)
    return [
        Problem(
            path,
            lines.get(key, 1),
            f"unknown key '{key}'; the keys allowed here are: {', '.join(allowed)}",
        )
        for key in data
        if key not in allowed
    ]
