"""Checking the Markdown of one document: headings, raw HTML, code fences, self-checks, links
and images, each problem at the file's `path:line`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from app.content.body import Heading, Link, parse_check, scan
from app.content.files import Document, Problem
from app.content.source import IMAGE_EXTENSIONS, INTRO_NAME, CitySource, CourseSource

LINK_SCHEMES = {"http", "https", "mailto", "tel"}


def check_body(
    document: Document,
    course: CourseSource,
    course_dir: Path,
    city_keys: list[tuple[CitySource, set[str]]],
) -> list[Problem]:
    """Headings, links, images and self-checks of one Markdown body."""
    problems: list[Problem] = []
    found = scan(document.body)
    at = document.body_line  # file line of body line 0

    def problem(index: int, message: str) -> None:
        problems.append(Problem(document.path, at + index, message))

    _check_headings(found.headings, problem)
    for index in found.raw_html:
        problem(
            index,
            "HTML tags are not allowed in course text (learners would see them as text): "
            "use Markdown, e.g. **bold**, [link text](https://…), ![description](image.png)",
        )
    if found.unclosed_fence is not None:
        problem(
            found.unclosed_fence, "this ``` block is never closed: add a line with ``` after it"
        )
    for block in found.checks:
        _check, block_problems = parse_check(block.lines)
        for offset, message in block_problems:
            problem(block.start + 1 + offset if offset else block.start, message)
    for link in found.links:
        if link.image:
            _check_image(link.line, link.text, link.target, document, course_dir, problem)
        else:
            _check_link(link, course, city_keys, problem)
    return problems


#: Reports a problem at a 0-based line of the body being checked.
Report = Callable[[int, str], None]


def _check_headings(headings: list[Heading], problem: Report) -> None:
    """Sections start at ## and never skip a level."""
    level = 1  # the title from the front matter
    for heading in headings:
        if heading.level == 1:
            problem(
                heading.line,
                "use '##' for sections: the title from the front matter is the page's only level-1 heading",
            )
        elif heading.level > level + 1:
            problem(
                heading.line,
                f"the heading jumps from level {level} to level {heading.level}; "
                f"use {'#' * (level + 1)} here so that screen-reader users can follow the structure",
            )
        level = max(heading.level, 2)  # an h1 is reported above and counted as the ## it should be


def _check_link(
    link: Link,
    course: CourseSource,
    city_keys: list[tuple[CitySource, set[str]]],
    problem: Report,
) -> None:
    """A link has text and leads somewhere allowed: a lesson, a city's page, a web address."""
    target = link.target
    if not link.text.strip():
        problem(
            link.line,
            f"the link to '{target}' has no text: write what it leads to between [ and ]",
        )
    if not target:
        problem(link.line, "this link has no target between ( and )")
        return
    scheme = urlsplit(target).scheme.lower()
    if scheme == "city":
        key = target.split(":", 1)[1]
        for city, keys in city_keys:
            if key not in keys:
                problem(
                    link.line,
                    f'city:{key} is not in {city.path}: add {key} = "https://…" under [links] there',
                )
    elif scheme and scheme not in LINK_SCHEMES:
        problem(
            link.line, f"links of the kind '{scheme}:' are not allowed; use https://… addresses"
        )
    elif not scheme and not target.startswith("#"):
        _check_lesson_link(link, course, problem)


def _check_lesson_link(link: Link, course: CourseSource, problem: Report) -> None:
    """A link without a scheme names another lesson of the course by its file name."""
    target = link.target
    path = PurePosixPath(target.split("#", 1)[0])
    if path.suffix != ".md" or len(path.parts) != 1:
        problem(
            link.line,
            f"'{target}' is not a lesson of this course: link lessons by their file name, "
            f"e.g. 02-next.md, and web pages by their full address https://…",
        )
    elif path.stem not in set(course.lesson_names) | {INTRO_NAME}:
        problem(
            link.line,
            f"the link points to {target}, which is not a lesson of this course "
            f"(lessons: {', '.join(course.lesson_names)})",
        )


def _check_image(
    index: int, alt: str, target: str, document: Document, course_dir: Path, problem: Report
) -> None:
    if not alt.strip():
        problem(
            index, f"the image {target} has no alt text: describe what it shows between ![ and ]"
        )
    if urlsplit(target).scheme:
        problem(
            index,
            f"the image {target} is on another website: save it beside the lesson instead "
            "(pages must not load anything from other sites)",
        )
        return
    path = PurePosixPath(target)
    if path.suffix.lower() not in IMAGE_EXTENSIONS:
        problem(
            index,
            f"{target} is not an image this platform shows: use {', '.join(sorted(IMAGE_EXTENSIONS))}",
        )
        return
    resolved = (course_dir / document.language / target).resolve()
    if not resolved.is_relative_to(course_dir.resolve()):
        problem(index, f"the image {target} is outside this course's folder")
    elif not resolved.is_file():
        problem(index, f"the image {target} does not exist next to this lesson")
