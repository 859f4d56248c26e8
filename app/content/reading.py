"""The read models every page uses: the course list, a course with its lessons, texts in the
reader's language, course images. Plain values where they are kept between requests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.content.version import kept_per_revision
from app.extensions import db
from app.models import (
    City,
    Course,
    CourseImage,
    CourseText,
    Lesson,
    LessonText,
    Practice,
    PracticeText,
    SitePage,
)


class NotFound(LookupError):
    """No active course or lesson has that address."""


@dataclass(frozen=True)
class CourseSummary:
    """What a course card shows of a course: plain values, safe to keep between requests."""

    id: int
    slug: str
    topic: str
    level: str
    minutes: int
    source_language: str


@dataclass(frozen=True)
class TextSummary:
    language: str
    title: str
    summary: str


@dataclass(frozen=True)
class CourseCard:
    course: CourseSummary
    text: TextSummary
    lesson_count: int


class HasLanguage(Protocol):
    @property
    def language(self) -> str: ...


TextT = TypeVar("TextT", bound=HasLanguage)


def pick_text(texts: list[TextT], languages: list[str], source_language: str) -> TextT | None:
    """The text in the first of *languages* that has one, else the source language's."""
    by_language = {text.language: text for text in texts}
    for language in [*languages, source_language]:
        if language in by_language:
            return by_language[language]
    return None


def wanted_languages(languages: list[str]) -> list[str]:
    """*languages* and every course's source language: all pick_text() may need (one small query)."""
    sources = db.session.scalars(select(Course.source_language).distinct())
    return list(dict.fromkeys([*languages, *sources]))


def titles_only(
    relationship: Any, text_model: type[CourseText] | type[LessonText], languages: list[str]
) -> Any:
    """Eager-load a course's or lesson's texts in *languages*, without their HTML bodies."""
    columns = [text_model.language, text_model.title]
    if text_model is CourseText:
        columns.append(CourseText.summary)
    return selectinload(relationship.and_(text_model.language.in_(languages))).load_only(*columns)


#: Course lists kept per app, by (languages, topic, level, content revision): an import moves the
#: revision, so the next request builds the list anew; old ones age out.
COURSE_LISTS_KEPT = 256


def list_courses(
    languages: list[str], topic: str | None = None, level: str | None = None
) -> list[CourseCard]:
    """Active courses, filtered, each with its text in the first of *languages* that has one,
    sorted by title. One query while the content is unchanged; four to build the list."""
    return kept_per_revision(
        "course_lists",
        COURSE_LISTS_KEPT,
        (tuple(languages), topic, level),
        lambda: _build_course_list(languages, topic, level),
    )


def _build_course_list(
    languages: list[str], topic: str | None, level: str | None
) -> list[CourseCard]:
    query = (
        select(Course)
        .where(Course.retired_at.is_(None))
        # Titles and summaries only, in the languages asked for: not every text's HTML body.
        .options(titles_only(Course.texts, CourseText, wanted_languages(languages)))
        .order_by(Course.topic, Course.slug)
    )
    if topic:
        query = query.where(Course.topic == topic)
    if level:
        query = query.where(Course.level == level)
    courses = db.session.scalars(query).all()
    counts = dict(
        db.session.execute(
            select(Lesson.course_id, func.count(Lesson.id))
            .where(Lesson.retired_at.is_(None), Lesson.course_id.in_([c.id for c in courses]))
            .group_by(Lesson.course_id)
        ).all()
    )
    cards = []
    for course in courses:
        text = pick_text(course.texts, languages, course.source_language)
        if text is not None:
            cards.append(
                CourseCard(
                    CourseSummary(
                        course.id,
                        course.slug,
                        course.topic,
                        course.level,
                        course.minutes,
                        course.source_language,
                    ),
                    TextSummary(text.language, text.title, text.summary),
                    counts.get(course.id, 0),
                )
            )
    return sorted(cards, key=lambda card: card.text.title.casefold())


def available_filters() -> tuple[list[str], list[str]]:
    """Topics and levels that at least one active course has: no query while the content is
    unchanged (every catalogue page asks)."""
    topics, levels = kept_per_revision("course_filters", 4, (), _read_filters)
    return list(topics), list(levels)  # the kept lists stay as they are


def _read_filters() -> tuple[list[str], list[str]]:
    rows = db.session.execute(
        select(Course.topic, Course.level).where(Course.retired_at.is_(None)).distinct()
    ).all()
    return sorted({row.topic for row in rows}), sorted({row.level for row in rows})


@dataclass(frozen=True)
class LessonInfo:
    """A lesson of a course outline: plain values, kept between requests."""

    id: int
    course_id: int
    slug: str
    minutes: int
    retired_at: datetime | None
    #: Every language the lesson has a text in.
    languages: frozenset[str]


@dataclass(frozen=True)
class LessonHeading:
    """A lesson text without its body: what lists, links and notices need."""

    id: int
    lesson_id: int
    language: str
    title: str
    content_hash: str
    source_hash: str | None


@dataclass(frozen=True)
class LessonBody:
    """A lesson text as a page shows it: HTML, contents and self-checks, as stored at import.
    Kept between requests and shared by threads: read it, never change it."""

    id: int
    lesson_id: int
    language: str
    title: str
    html: str
    toc: list[dict[str, Any]]
    checks: list[dict[str, Any]]


@dataclass(frozen=True)
class CourseInfo(CourseSummary):
    """A course of a course outline: its card's values, its retirement and all its lessons."""

    retired_at: datetime | None
    #: Every lesson, the retired ones too, in course order.
    lessons: tuple[LessonInfo, ...]
    #: Where the course's facts come from: (title, https address) pairs.
    sources: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CourseTextInfo:
    language: str
    title: str
    summary: str
    #: The introduction, sanitised at import.
    html: str


@dataclass(frozen=True)
class LessonEntry:
    lesson: LessonInfo
    #: The text shown: in the page's language when there is one, else a fallback.
    text: LessonHeading
    #: The source-language text the translations follow.
    source: LessonHeading
    #: The language the page asked for.
    wanted: str

    @property
    def is_fallback(self) -> bool:
        """Shown in another language than the page's, because no translation exists yet."""
        return self.text.language != self.wanted

    @property
    def is_outdated(self) -> bool:
        """A translation made from an older version of the source text."""
        return self.text.id != self.source.id and self.text.source_hash != self.source.content_hash


@dataclass(frozen=True)
class CourseDetail:
    """A course with its active lessons in the reader's languages: plain values, kept per content
    revision (course_detail())."""

    course: CourseInfo
    text: CourseTextInfo
    lessons: tuple[LessonEntry, ...]
    #: Languages the course's introduction exists in.
    languages: frozenset[str]

    def position(self, lesson: LessonInfo) -> int:
        """Where *lesson* stands in the course, from 1."""
        return [entry.lesson.id for entry in self.lessons].index(lesson.id) + 1

    def lesson_after(self, lesson: LessonInfo) -> LessonEntry | None:
        ids = [entry.lesson.id for entry in self.lessons]
        index = ids.index(lesson.id)
        return self.lessons[index + 1] if index + 1 < len(self.lessons) else None

    def lesson_before(self, lesson: LessonInfo) -> LessonEntry | None:
        ids = [entry.lesson.id for entry in self.lessons]
        index = ids.index(lesson.id)
        return self.lessons[index - 1] if index > 0 else None

    def entry(self, slug: str) -> LessonEntry:
        for entry in self.lessons:
            if entry.lesson.slug == slug:
                return entry
        raise NotFound(slug)


#: Course outlines kept per app, by (course, languages, retired or not, content revision), and
#: lesson bodies by (text, content revision): an import moves the revision, so the next request
#: reads them anew; old ones age out. A lesson page then asks the database only about the person.
OUTLINES_KEPT = 2048
BODIES_KEPT = 1024


def course_detail(slug: str, languages: list[str], include_retired: bool = False) -> CourseDetail:
    """An active course with its active lessons, each in the first of *languages* that has it.
    No query while the content is unchanged; two to read it."""
    detail = kept_per_revision(
        "course_outlines",
        OUTLINES_KEPT,
        (slug, tuple(languages), include_retired),
        lambda: _read_course_detail(slug, languages, include_retired),
    )
    if detail is None:
        raise NotFound(slug)
    return detail


def _read_course_detail(
    slug: str, languages: list[str], include_retired: bool
) -> CourseDetail | None:
    """The outline from the database, or None when there is no such course (or no text of it)."""
    query = (
        select(*COURSE_COLUMNS, *COURSE_TEXT_COLUMNS)
        .join(CourseText, CourseText.course_id == Course.id)
        .where(Course.slug == slug)
    )
    if not include_retired:
        query = query.where(Course.retired_at.is_(None))
    rows = db.session.execute(query).all()
    if not rows:
        return None
    first = rows[0]
    texts = [CourseTextInfo(row.language, row.title, row.summary, row.html) for row in rows]
    text = pick_text(texts, languages, first.source_language)
    if text is None:
        return None
    lesson_rows: dict[int, Any] = {}
    headings: dict[int, list[LessonHeading]] = {}
    for row in db.session.execute(
        select(*LESSON_COLUMNS, *LESSON_HEADING)
        .join(LessonText, LessonText.lesson_id == Lesson.id)
        .where(Lesson.course_id == first.id)
        .order_by(Lesson.position, Lesson.id, LessonText.language)
    ):
        lesson_rows.setdefault(row.lesson_id, row)
        headings.setdefault(row.lesson_id, []).append(
            LessonHeading(
                row.text_id,
                row.lesson_id,
                row.language,
                row.title,
                row.content_hash,
                row.source_hash,
            )
        )
    infos = []
    entries = []
    for lesson_id, row in lesson_rows.items():
        lesson_texts = headings[lesson_id]
        info = LessonInfo(
            lesson_id,
            first.id,
            row.slug,
            row.minutes,
            row.retired_at,
            frozenset(heading.language for heading in lesson_texts),
        )
        infos.append(info)
        shown = pick_text(lesson_texts, languages, first.source_language)
        source = pick_text(lesson_texts, [], first.source_language)
        if info.retired_at is None and shown is not None and source is not None:
            entries.append(LessonEntry(info, shown, source, languages[0]))
    course = CourseInfo(
        first.id,
        first.slug,
        first.topic,
        first.level,
        first.minutes,
        first.source_language,
        first.retired_at,
        tuple(infos),
        tuple((source["title"], source["url"]) for source in first.sources or ()),
    )
    return CourseDetail(course, text, tuple(entries), frozenset(t.language for t in texts))


COURSE_COLUMNS = (
    Course.id,
    Course.slug,
    Course.topic,
    Course.level,
    Course.minutes,
    Course.source_language,
    Course.retired_at,
    Course.sources,
)
COURSE_TEXT_COLUMNS = (CourseText.language, CourseText.title, CourseText.summary, CourseText.html)
LESSON_COLUMNS = (Lesson.slug, Lesson.minutes, Lesson.retired_at)
#: What course_detail() reads of each lesson text: no HTML, contents or self-checks (their JSON
#: took more time to decode, in nine languages, than the rest of a lesson page).
LESSON_HEADING = (
    LessonText.id.label("text_id"),
    LessonText.lesson_id,
    LessonText.language,
    LessonText.title,
    LessonText.content_hash,
    LessonText.source_hash,
)


@dataclass(frozen=True)
class PracticeDetail:
    """A practice in the reader's language (or the fallback's): plain values, kept per content
    revision. Its screens are the stored JSON: read them, never change them."""

    id: int
    course_id: int
    slug: str
    minutes: int
    #: The lesson that links to it, if one does.
    after_lesson_id: int | None
    language: str
    title: str
    intro_html: str
    screens: tuple[dict[str, Any], ...]
    #: The language the page asked for (the practice is shown in another when not translated).
    wanted: str
    #: A translation made from an older version of the source (the outdated notice).
    outdated: bool

    @property
    def is_fallback(self) -> bool:
        return self.language != self.wanted

    def screen(self, screen_id: str) -> dict[str, Any]:
        for screen in self.screens:
            if screen["id"] == screen_id:
                return screen
        raise NotFound(screen_id)


PRACTICES_KEPT = 512


def practice_detail(course_id: int, slug: str, languages: list[str]) -> PracticeDetail:
    """An active practice of a course in the first of *languages* that has it, else in the
    course's source language: no query while the content is unchanged, one to read it."""
    detail = kept_per_revision(
        "practices",
        PRACTICES_KEPT,
        (course_id, slug, tuple(languages)),
        lambda: _read_practice(course_id, slug, languages),
    )
    if detail is None:
        raise NotFound(slug)
    return detail


def _read_practice(course_id: int, slug: str, languages: list[str]) -> PracticeDetail | None:
    rows = db.session.execute(
        select(Practice, PracticeText, Course.source_language)
        .join(PracticeText, PracticeText.practice_id == Practice.id)
        .join(Course, Course.id == Practice.course_id)
        .where(
            Practice.course_id == course_id, Practice.slug == slug, Practice.retired_at.is_(None)
        )
    ).all()
    if not rows:
        return None
    practice, source_language = rows[0].Practice, rows[0].source_language
    texts = [row.PracticeText for row in rows]
    text = pick_text(texts, languages, source_language)
    source = pick_text(texts, [], source_language)
    if text is None or source is None:
        return None
    return PracticeDetail(
        practice.id,
        practice.course_id,
        practice.slug,
        practice.minutes,
        practice.after_lesson_id,
        text.language,
        text.title,
        text.intro_html,
        tuple(text.screens),
        languages[0],
        text.id != source.id and text.source_hash != source.content_hash,
    )


@dataclass(frozen=True)
class PracticeInfo:
    """A practice as course and lesson pages link to it, titled in the reader's language."""

    id: int
    slug: str
    minutes: int
    after_lesson_id: int | None
    language: str
    title: str


def course_practices(course_id: int, languages: list[str]) -> tuple[PracticeInfo, ...]:
    """The active practices of a course in course order, each titled in the first of *languages*
    that has it: no query while the content is unchanged, one to read them."""
    return kept_per_revision(
        "course_practices",
        OUTLINES_KEPT,
        (course_id, tuple(languages)),
        lambda: _read_course_practices(course_id, languages),
    )


def practices_by_lesson(
    detail: CourseDetail, practices: Sequence[PracticeInfo]
) -> tuple[dict[int, tuple[PracticeInfo, ...]], tuple[PracticeInfo, ...]]:
    """Where a course's practices stand among its lessons: lesson id → the practices that follow
    it (`after` in the practice file), and the practices that follow no active lesson (shown after
    the last one)."""
    lesson_ids = {entry.lesson.id for entry in detail.lessons}
    following: dict[int, list[PracticeInfo]] = {}
    rest = []
    for practice in practices:
        lesson = practice.after_lesson_id
        if lesson is not None and lesson in lesson_ids:
            following.setdefault(lesson, []).append(practice)
        else:
            rest.append(practice)
    return {lesson: tuple(found) for lesson, found in following.items()}, tuple(rest)


def _read_course_practices(course_id: int, languages: list[str]) -> tuple[PracticeInfo, ...]:
    rows = db.session.execute(
        select(
            Practice.id,
            Practice.slug,
            Practice.minutes,
            Practice.after_lesson_id,
            PracticeText.language,
            PracticeText.title,
            Course.source_language,
        )
        .join(PracticeText, PracticeText.practice_id == Practice.id)
        .join(Course, Course.id == Practice.course_id)
        .where(Practice.course_id == course_id, Practice.retired_at.is_(None))
        .order_by(Practice.position, Practice.id)
    ).all()
    practices: dict[int, list[Any]] = {}
    for row in rows:
        practices.setdefault(row.id, []).append(row)
    found = []
    for texts in practices.values():
        text = pick_text(texts, languages, texts[0].source_language)
        if text is not None:
            found.append(
                PracticeInfo(
                    text.id,
                    text.slug,
                    text.minutes,
                    text.after_lesson_id,
                    text.language,
                    text.title,
                )
            )
    return tuple(found)


def lesson_body(text: LessonHeading) -> LessonBody:
    """The body of a lesson text from course_detail(): no query while the content is unchanged,
    one to read it."""

    def read() -> LessonBody:
        row = db.session.execute(
            select(LessonText.html, LessonText.toc, LessonText.checks).where(
                LessonText.id == text.id
            )
        ).one()
        return LessonBody(
            text.id, text.lesson_id, text.language, text.title, row.html, row.toc, row.checks
        )

    return kept_per_revision("lesson_bodies", BODIES_KEPT, text.id, read)


@dataclass(frozen=True)
class ActiveLesson:
    id: int
    slug: str


def active_lessons_by_course() -> dict[int, tuple[ActiveLesson, ...]]:
    """Course id → its active lessons in course order, for every course: no query while the
    content is unchanged, one to read them. Read it, never change it."""
    return kept_per_revision("active_lessons", 4, (), _read_active_lessons)


def active_practices_by_course() -> dict[int, tuple[int, ...]]:
    """Course id → the ids of its active practices, for every course that has some: no query
    while the content is unchanged, one to read them. Read it, never change it."""
    return kept_per_revision("active_practices", 4, (), _read_active_practices)


def _read_active_practices() -> dict[int, tuple[int, ...]]:
    practices: dict[int, list[int]] = {}
    for row in db.session.execute(
        select(Practice.course_id, Practice.id)
        .where(Practice.retired_at.is_(None))
        .order_by(Practice.course_id, Practice.position, Practice.id)
    ):
        practices.setdefault(row.course_id, []).append(row.id)
    return {course_id: tuple(ids) for course_id, ids in practices.items()}


def _read_active_lessons() -> dict[int, tuple[ActiveLesson, ...]]:
    lessons: dict[int, list[ActiveLesson]] = {}
    for row in db.session.execute(
        select(Lesson.course_id, Lesson.id, Lesson.slug)
        .where(Lesson.retired_at.is_(None))
        .order_by(Lesson.course_id, Lesson.position, Lesson.id)
    ):
        lessons.setdefault(row.course_id, []).append(ActiveLesson(row.id, row.slug))
    return {course_id: tuple(active) for course_id, active in lessons.items()}


@dataclass(frozen=True)
class CityInfo:
    """A city profile as pages use it: plain values, kept per content revision (the importer
    moves the revision when a profile changes)."""

    id: int
    slug: str
    name: str
    website: str
    links: dict[str, str] = field(hash=False, compare=False)
    hotline: str | None
    accessibility: dict[str, str] = field(hash=False, compare=False)

    @property
    def hotline_tel(self) -> str | None:
        """The hotline as a tel: link target."""
        if not self.hotline:
            return None
        return "tel:" + "".join(c for c in self.hotline if c.isdigit() or c == "+")


def list_cities() -> list[CityInfo]:
    """Every city, alphabetically: no query while the content is unchanged, one to read them."""
    return list(kept_per_revision("cities", 4, (), _read_cities))


def _read_cities() -> tuple[CityInfo, ...]:
    return tuple(
        CityInfo(
            city.id,
            city.slug,
            city.name,
            city.website,
            dict(city.links or {}),
            city.hotline,
            dict(city.accessibility or {}),
        )
        for city in db.session.scalars(select(City).order_by(City.name))
    )


def city_by_slug(slug: str) -> CityInfo | None:
    """A city by its slug."""
    return next((city for city in list_cities() if city.slug == slug), None) if slug else None


def city_by_id(city_id: int | None) -> CityInfo | None:
    """A city by its id (a staff member's city)."""
    return next((city for city in list_cities() if city.id == city_id), None)


def site_page(name: str) -> SitePage | None:
    """A page about the site (courses/_pages/<name>.md) as imported."""
    return db.session.scalar(select(SitePage).where(SitePage.name == name))


def cities_with_link(key: str) -> list[tuple[CityInfo, str]]:
    """Each city's address for one `city:` key, in alphabetical order."""
    return [(city, city.links[key]) for city in list_cities() if key in city.links]


def course_image(course_slug: str, path: str) -> CourseImage | None:
    """An image of a course by its path in the course folder (one query)."""
    if len(course_slug) > 80 or len(path) > 300:
        return None
    return db.session.scalar(
        select(CourseImage)
        .join(Course, Course.id == CourseImage.course_id)
        .where(Course.slug == course_slug, CourseImage.path == path)
    )
