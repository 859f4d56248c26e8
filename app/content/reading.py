"""The read models every page uses: the course list, a course with its lessons, texts in the
reader's language, course images. Plain values where they are kept between requests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from cachetools import LRUCache
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.caches import app_store
from app.content.version import recent_content_version
from app.extensions import db
from app.models import City, Course, CourseImage, CourseText, Lesson, LessonText, SitePage


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
    store = app_store("course_lists", lambda: LRUCache(COURSE_LISTS_KEPT))
    key = (tuple(languages), topic, level, recent_content_version())
    cards = store.get(key)
    if cards is None:
        cards = _build_course_list(languages, topic, level)
        store.put(key, cards)
    return cards


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
    store = app_store("course_filters", lambda: LRUCache(4))
    revision = recent_content_version()
    filters = store.get(revision)
    if filters is None:
        rows = db.session.execute(
            select(Course.topic, Course.level).where(Course.retired_at.is_(None)).distinct()
        ).all()
        filters = (sorted({row.topic for row in rows}), sorted({row.level for row in rows}))
        store.put(revision, filters)
    return list(filters[0]), list(filters[1])  # the kept lists stay as they are


@dataclass
class LessonEntry:
    lesson: Lesson
    #: The text shown: in the page's language when there is one, else a fallback.
    text: LessonText
    #: The source-language text the translations follow.
    source: LessonText
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


@dataclass
class CourseDetail:
    course: Course
    text: CourseText
    lessons: list[LessonEntry]

    @property
    def languages(self) -> set[str]:
        """Languages the course's introduction exists in."""
        return {text.language for text in self.course.texts}

    def position(self, lesson: Lesson) -> int:
        """Where *lesson* stands in the course, from 1."""
        return [entry.lesson.id for entry in self.lessons].index(lesson.id) + 1

    def lesson_after(self, lesson: Lesson) -> LessonEntry | None:
        ids = [entry.lesson.id for entry in self.lessons]
        index = ids.index(lesson.id)
        return self.lessons[index + 1] if index + 1 < len(self.lessons) else None

    def lesson_before(self, lesson: Lesson) -> LessonEntry | None:
        ids = [entry.lesson.id for entry in self.lessons]
        index = ids.index(lesson.id)
        return self.lessons[index - 1] if index > 0 else None

    def entry(self, slug: str) -> LessonEntry:
        for entry in self.lessons:
            if entry.lesson.slug == slug:
                return entry
        raise NotFound(slug)


#: What course_detail() loads of each lesson text: no HTML, contents or self-checks (their JSON
#: took more time to decode, in nine languages, than the rest of a lesson page).
LESSON_HEADING = (
    LessonText.lesson_id,
    LessonText.language,
    LessonText.title,
    LessonText.content_hash,
    LessonText.source_hash,
)


def load_body(text: LessonText) -> LessonText:
    """Give a lesson text from course_detail() its HTML, contents and self-checks (one query)."""
    row = db.session.execute(
        select(LessonText.html, LessonText.toc, LessonText.checks).where(LessonText.id == text.id)
    ).one()
    for name in ("html", "toc", "checks"):
        set_committed_value(text, name, getattr(row, name))
    return text


def course_detail(slug: str, languages: list[str], include_retired: bool = False) -> CourseDetail:
    """An active course with its active lessons, each in the first of *languages* that has it."""
    query = select(Course).where(Course.slug == slug)
    if not include_retired:
        query = query.where(Course.retired_at.is_(None))
    # Two queries: the course with its texts, its lessons with their texts as headings only
    # (every language, for the language links and the outdated notice). A page shows one lesson's
    # body at most, and load_body() reads it.
    course = (
        db.session.scalars(
            query.options(
                joinedload(Course.texts),
                selectinload(Course.lessons).joinedload(Lesson.texts).load_only(*LESSON_HEADING),
            )
        )
        .unique()
        .first()
    )
    if course is None:
        raise NotFound(slug)
    text = pick_text(course.texts, languages, course.source_language)
    if text is None:
        raise NotFound(slug)
    lessons = []
    for lesson in course.lessons:
        lesson_text = pick_text(lesson.texts, languages, course.source_language)
        source = pick_text(lesson.texts, [], course.source_language)
        if lesson.retired_at is None and lesson_text is not None and source is not None:
            lessons.append(LessonEntry(lesson, lesson_text, source, languages[0]))
    return CourseDetail(course, text, lessons)


def city_by_slug(slug: str) -> City | None:
    """A city by its slug (one query)."""
    return db.session.scalar(select(City).where(City.slug == slug)) if slug else None


def site_page(name: str) -> SitePage | None:
    """A page about the site (courses/_pages/<name>.md) as imported."""
    return db.session.scalar(select(SitePage).where(SitePage.name == name))


def list_cities() -> list[City]:
    """Every city, alphabetically (one query)."""
    return list(db.session.scalars(select(City).order_by(City.name)))


def cities_with_link(key: str) -> list[tuple[City, str]]:
    """Each city's address for one `city:` key, in alphabetical order."""
    cities = db.session.scalars(select(City).order_by(City.name)).all()
    return [(city, city.links[key]) for city in cities if key in city.links]


def course_image(course_slug: str, path: str) -> CourseImage | None:
    """An image of a course by its path in the course folder (one query)."""
    if len(course_slug) > 80 or len(path) > 300:
        return None
    return db.session.scalar(
        select(CourseImage)
        .join(Course, Course.id == CourseImage.course_id)
        .where(Course.slug == course_slug, CourseImage.path == path)
    )
