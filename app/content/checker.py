"""`flask courses check`: every problem in the course files, as `path:line: message`.

Messages are written for course authors, not programmers: they say what is wrong and how to fix it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from app.content.body import Heading, Link, parse_check, scan
from app.content.site_pages import read_site_pages
from app.content.source import (
    IMAGE_EXTENSIONS,
    INTRO_NAME,
    LEVELS,
    MAX_IMAGE_BYTES,
    SLUG_RE,
    TOPICS,
    Catalogue,
    CitySource,
    CourseSource,
    Document,
    Problem,
    course_images,
    display_path,
    is_language_dir,
    lesson_slug,
    read_catalogue,
)
from app.languages import LANGUAGE_TABLE

COURSE_KEYS = {"source", "topic", "level", "lessons"}
CITY_KEYS = {"name", "website", "hotline", "links", "accessibility"}
CITY_ACCESSIBILITY_KEYS = {"name", "url", "email", "phone"}
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()/-]{1,30}$")
INTRO_KEYS = {"title", "summary"}
LESSON_KEYS = {"title", "minutes"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}

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


def check_cities(cities: list[CitySource], root: Path) -> list[Problem]:
    problems: list[Problem] = []
    if not cities:
        problems.append(
            Problem(root, 1, "no city profiles found: add courses/_cities/<city>.toml files")
        )
    for city in cities:
        if not city.data:
            continue  # a syntax error was already reported
        problems += _unknown_keys(city.path, city.data, city.key_lines, CITY_KEYS)
        if not isinstance(city.data.get("name"), str) or not city.data["name"].strip():
            problems.append(Problem(city.path, 1, 'the city has no name: add name = "…"'))
        website = city.data.get("website")
        if not isinstance(website, str) or urlsplit(website).scheme != "https":
            problems.append(
                Problem(
                    city.path,
                    city.key_lines.get("website", 1),
                    'add the city\'s website as website = "https://…"',
                )
            )
        if not isinstance(city.data.get("links", {}), dict):
            problems.append(
                Problem(
                    city.path,
                    city.key_lines.get("links", 1),
                    'links must be a table: a line [links], then key = "https://…" lines',
                )
            )
        problems += _check_city_contact(city)
        for key, url in city.links.items():
            if not isinstance(url, str) or urlsplit(url).scheme not in {"https", "http", "tel"}:
                problems.append(
                    Problem(
                        city.path,
                        city.link_lines.get(key, 1),
                        f"the link '{key}' must be a web address (https://…) or a phone number (tel:+49…)",
                    )
                )
    return problems


def _check_city_contact(city: CitySource) -> list[Problem]:
    """The hotline and the [accessibility] table: who residents can call or write to."""
    problems: list[Problem] = []
    hotline = city.data.get("hotline")
    if hotline is not None and (not isinstance(hotline, str) or not PHONE_RE.match(hotline)):
        problems.append(
            Problem(
                city.path,
                city.key_lines.get("hotline", 1),
                'hotline must be a phone number, e.g. hotline = "115" or "0611 310"',
            )
        )
    table = city.data.get("accessibility")
    if table is None:
        return problems
    line = city.accessibility_lines.get("[accessibility]", city.key_lines.get("accessibility", 1))
    if not isinstance(table, dict):
        return problems + [
            Problem(
                city.path, line, "accessibility must be a table: a line [accessibility], then keys"
            )
        ]
    lines = city.accessibility_lines
    problems += _unknown_keys(city.path, table, lines, CITY_ACCESSIBILITY_KEYS)
    if not isinstance(table.get("name"), str) or not table["name"].strip():
        problems.append(
            Problem(
                city.path, line, 'the accessibility contact needs a name = "…" (office or person)'
            )
        )
    if not any(table.get(key) for key in ("url", "email", "phone")):
        problems.append(
            Problem(city.path, line, "the accessibility contact needs a url, an email or a phone")
        )
    url = table.get("url")
    if url is not None and (not isinstance(url, str) or urlsplit(url).scheme != "https"):
        problems.append(
            Problem(city.path, lines.get("url", line), 'url must be a web address: "https://…"')
        )
    email = table.get("email")
    if email is not None and (not isinstance(email, str) or "@" not in email.strip("@")):
        problems.append(
            Problem(city.path, lines.get("email", line), "email must be an e-mail address")
        )
    phone = table.get("phone")
    if phone is not None and (not isinstance(phone, str) or not PHONE_RE.match(phone)):
        problems.append(
            Problem(city.path, lines.get("phone", line), "phone must be a phone number")
        )
    return problems


def _unknown_keys(
    path: Path, data: dict, lines: dict[str, int], allowed: Iterable[str]
) -> list[Problem]:
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
        allowed = (INTRO_KEYS if name == INTRO_NAME else LESSON_KEYS) | (
            {"source"} if is_translation else set()
        )
        problems += _check_front_matter(document, allowed, is_translation)
        if is_translation:
            problems += _check_source_hash(course, document, known_versions)
        problems += check_body(document, course, course_dir, city_keys)
    return problems


def _check_course_toml(course: CourseSource) -> list[Problem]:
    """The keys of course.toml and their values."""
    toml_path = course.path / "course.toml"
    data, lines = course.data, course.key_lines
    problems = _unknown_keys(toml_path, data, lines, COURSE_KEYS)
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
    for name in course.lesson_names:
        if not (course_dir / source / f"{name}.md").is_file():
            problems.append(
                Problem(
                    toml_path,
                    lines.get("lessons", 1),
                    f"lesson '{name}' is listed here but {source}/{name}.md does not exist",
                )
            )
    listed = set(course.lesson_names)
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
                "this lesson is not listed in course.toml: add it to lessons, or remove the file",
            )
            for md in sorted(lang_dir.glob("*.md"))
            if md.stem != INTRO_NAME and md.stem not in listed
        ]
    return problems


def _check_front_matter(
    document: Document, allowed: set[str], is_translation: bool
) -> list[Problem]:
    problems = _unknown_keys(document.path, document.meta, document.meta_lines, allowed)
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
