"""The numbers behind the city reports, each a few grouped queries whatever the number of people.

A report covers the last *months* calendar months (UTC) and one city, or every city (global admins).
Learners count for the city they chose; seminars for the city they take place in. Deleted accounts
still count, through AnonymousCount.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import selectinload

from app.aggregates import Kept, kept
from app.content.reading import CityInfo, pick_text, titles_only, wanted_languages
from app.extensions import db
from app.models import (
    AnonymousCount,
    Attendance,
    CountKind,
    Course,
    CourseText,
    Enrollment,
    GroupCourse,
    GroupMember,
    LearningGroup,
    Lesson,
    LessonProgress,
    LessonText,
    Practice,
    PracticeCompletion,
    PracticeScreenCount,
    Registration,
    RegistrationStatus,
    Seminar,
    SeminarStatus,
    User,
    utcnow,
)
from app.sql import month_of

PERIODS = (3, 6, 12, 24)


def months_back(count: int, now: datetime | None = None) -> list[str]:
    """The last *count* calendar months, oldest first, as 'YYYY-MM' (this month included)."""
    now = now or utcnow()
    year, month = now.year, now.month
    result = []
    for _ in range(count):
        result.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return result[::-1]


def month_start(key: str) -> datetime:
    year, month = (int(part) for part in key.split("-"))
    return datetime(year, month, 1, tzinfo=UTC)


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Scope:
    """Which city (None: all) and which months a report covers."""

    city: CityInfo | None
    months: list[str]

    @property
    def start(self) -> datetime:
        return month_start(self.months[0])

    def learners(self, query):
        return query.where(User.city_id == self.city.id) if self.city else query

    def anonymous(self, query):
        query = query.where(AnonymousCount.month >= self.months[0])
        return query.where(AnonymousCount.city == self.city.slug) if self.city else query


# --- courses ----------------------------------------------------------------------------------


@dataclass
class CourseRow:
    slug: str
    title: str
    language: str
    enrolled: int = 0
    completed: int = 0

    @property
    def completion_rate(self) -> float | None:
        return rate(self.completed, self.enrolled)


def course_rows(scope: Scope, languages: list[str]) -> list[CourseRow]:
    """Enrollments and completions in the period, per course and learner language."""
    counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for index, timestamp in enumerate((Enrollment.enrolled_at, Enrollment.completed_at)):
        query = (
            select(Enrollment.course_id, func.coalesce(User.language, "unknown"), func.count())
            .join(User, User.id == Enrollment.user_id)
            .where(timestamp >= scope.start)
            .group_by(Enrollment.course_id, User.language)
        )
        for course_id, language, count in db.session.execute(scope.learners(query)):
            counts[(course_id, language)][index] += count
    titles = titles_only(Course.texts, CourseText, wanted_languages(languages))
    courses = {course.id: course for course in db.session.scalars(select(Course).options(titles))}
    by_slug = {course.slug: course.id for course in courses.values()}
    kept = select(
        AnonymousCount.kind,
        AnonymousCount.course,
        AnonymousCount.language,
        func.sum(AnonymousCount.count),
    ).where(AnonymousCount.kind.in_([CountKind.ENROLLMENT, CountKind.COMPLETION]))
    for kind, slug, language, count in db.session.execute(
        scope.anonymous(kept).group_by(
            AnonymousCount.kind, AnonymousCount.course, AnonymousCount.language
        )
    ):
        if slug in by_slug:
            counts[(by_slug[slug], language)][0 if kind is CountKind.ENROLLMENT else 1] += count
    rows = []
    for (course_id, language), (enrolled, completed) in counts.items():
        course = courses[course_id]
        text = pick_text(course.texts, languages, course.source_language)
        rows.append(
            CourseRow(
                course.slug, text.title if text else course.slug, language, enrolled, completed
            )
        )
    return sorted(rows, key=lambda row: (row.title.casefold(), row.language))


# --- months ---------------------------------------------------------------------------------


@dataclass
class MonthRow:
    month: str
    enrolled: int = 0
    completed: int = 0
    seminars: int = 0
    seats: int = 0
    taken: int = 0
    waitlisted: int = 0
    attended: int = 0
    no_shows: int = 0

    @property
    def fill_rate(self) -> float | None:
        return rate(self.taken, self.seats)

    @property
    def no_show_rate(self) -> float | None:
        return rate(self.no_shows, self.attended + self.no_shows)


def month_rows(scope: Scope) -> list[MonthRow]:
    """Per month: enrollments, completions, seminars held, seats, fill, waitlist, no-shows."""
    rows = {month: MonthRow(month) for month in scope.months}

    def add(month: str, attribute: str, count: int) -> None:
        if month in rows:
            setattr(rows[month], attribute, getattr(rows[month], attribute) + (count or 0))

    for attribute, timestamp in (
        ("enrolled", Enrollment.enrolled_at),
        ("completed", Enrollment.completed_at),
    ):
        query = (
            select(month_of(timestamp), func.count())
            .join(User, User.id == Enrollment.user_id)
            .where(timestamp >= scope.start)
            .group_by(month_of(timestamp))
        )
        for month, count in db.session.execute(scope.learners(query)):
            add(month, attribute, count)
    kept = select(AnonymousCount.kind, AnonymousCount.month, func.sum(AnonymousCount.count))
    names = {
        CountKind.ENROLLMENT: "enrolled",
        CountKind.COMPLETION: "completed",
        CountKind.ATTENDANCE: "attended",
        CountKind.NO_SHOW: "no_shows",
    }
    for kind, month, count in db.session.execute(
        scope.anonymous(kept).group_by(AnonymousCount.kind, AnonymousCount.month)
    ):
        add(month, names[kind], count)

    held = (
        select(month_of(Seminar.starts_at), func.count(), func.sum(Seminar.capacity))
        .where(Seminar.starts_at >= scope.start, Seminar.status == SeminarStatus.SCHEDULED)
        .group_by(month_of(Seminar.starts_at))
    )
    if scope.city:
        held = held.where(Seminar.city_id == scope.city.id)
    for month, count, seats in db.session.execute(held):
        add(month, "seminars", count)
        add(month, "seats", seats)

    def counted(condition):
        return func.sum(case((condition, 1), else_=0))

    people = (
        select(
            month_of(Seminar.starts_at),
            counted(Registration.status == RegistrationStatus.CONFIRMED),
            counted(Registration.status == RegistrationStatus.WAITLISTED),
            counted(Registration.attendance == Attendance.ATTENDED),
            counted(Registration.attendance == Attendance.NO_SHOW),
        )
        .join(Seminar, Seminar.id == Registration.seminar_id)
        .where(Seminar.starts_at >= scope.start, Seminar.status == SeminarStatus.SCHEDULED)
        .group_by(month_of(Seminar.starts_at))
    )
    if scope.city:
        people = people.where(Seminar.city_id == scope.city.id)
    for month, taken, waitlisted, attended, no_shows in db.session.execute(people):
        add(month, "taken", taken)
        add(month, "waitlisted", waitlisted)
        add(month, "attended", attended)
        add(month, "no_shows", no_shows)
    return list(rows.values())


# --- lesson drop-off ---------------------------------------------------------------------


@dataclass
class LessonStep:
    position: int
    title: str
    reached: int
    stopped: int


@dataclass
class DropOff:
    slug: str
    title: str
    enrolled: int
    completed: int
    steps: list[LessonStep] = field(default_factory=list)


def drop_off(scope: Scope, languages: list[str]) -> list[DropOff]:
    """Per course: of the learners who enrolled in the period, how many finished each lesson, and
    where those who did not complete the course stopped (their last finished lesson)."""
    enrolled = (
        select(Enrollment.user_id, Enrollment.course_id, Enrollment.completed_at)
        .join(User, User.id == Enrollment.user_id)
        .where(Enrollment.enrolled_at >= scope.start)
    )
    enrolled = scope.learners(enrolled).subquery()
    totals = {
        course_id: (count, completed)
        for course_id, count, completed in db.session.execute(
            select(
                enrolled.c.course_id,
                func.count(),
                func.sum(case((enrolled.c.completed_at.is_not(None), 1), else_=0)),
            ).group_by(enrolled.c.course_id)
        )
    }
    if not totals:
        return []
    reached = dict(
        (lesson_id, count)
        for lesson_id, count in db.session.execute(
            select(LessonProgress.lesson_id, func.count())
            .join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .join(
                enrolled,
                and_(
                    enrolled.c.user_id == LessonProgress.user_id,
                    enrolled.c.course_id == Lesson.course_id,
                ),
            )
            .group_by(LessonProgress.lesson_id)
        )
    )
    furthest = (
        select(
            enrolled.c.course_id.label("course_id"),
            func.max(Lesson.position).label("position"),
        )
        .join(LessonProgress, LessonProgress.user_id == enrolled.c.user_id)
        .join(
            Lesson,
            and_(Lesson.id == LessonProgress.lesson_id, Lesson.course_id == enrolled.c.course_id),
        )
        .where(enrolled.c.completed_at.is_(None), Lesson.retired_at.is_(None))
        .group_by(enrolled.c.user_id, enrolled.c.course_id)
        .subquery()
    )
    stopped = {
        (course_id, position): count
        for course_id, position, count in db.session.execute(
            select(furthest.c.course_id, furthest.c.position, func.count()).group_by(
                furthest.c.course_id, furthest.c.position
            )
        )
    }
    wanted = wanted_languages(languages)
    courses = db.session.scalars(
        select(Course)
        .where(Course.id.in_(totals))
        .options(
            titles_only(Course.texts, CourseText, wanted),
            selectinload(Course.lessons).options(titles_only(Lesson.texts, LessonText, wanted)),
        )
    ).all()
    result = []
    for course in courses:
        text = pick_text(course.texts, languages, course.source_language)
        count, completed = totals[course.id]
        report = DropOff(course.slug, text.title if text else course.slug, count, completed or 0)
        for lesson in course.lessons:
            if lesson.retired_at is not None:
                continue
            lesson_text = pick_text(lesson.texts, languages, course.source_language)
            report.steps.append(
                LessonStep(
                    lesson.position,
                    lesson_text.title if lesson_text else lesson.slug,
                    reached.get(lesson.id, 0),
                    stopped.get((course.id, lesson.position), 0),
                )
            )
        result.append(report)
    return sorted(result, key=lambda report: report.title.casefold())


# --- practices ---------------------------------------------------------------------------------


@dataclass
class PracticeStepRow:
    position: int
    title: str
    #: runs through the practice that tried this screen
    tried: int
    #: of them, how many got it wrong at first and were shown the hint
    needed_hint: int

    @property
    def hint_rate(self) -> float | None:
        return rate(self.needed_hint, self.tried)


@dataclass
class PracticeReport:
    course_title: str
    title: str
    language: str
    steps: list[PracticeStepRow] = field(default_factory=list)

    @property
    def hardest(self) -> PracticeStepRow | None:
        """The screen most needed a hint on: the step of the real e-service that confuses."""
        rated = [step for step in self.steps if step.hint_rate]
        return max(rated, key=lambda step: (step.hint_rate, step.tried)) if rated else None


def practice_steps(scope: Scope, languages: list[str]) -> list[PracticeReport]:
    """Per practice tried in the period: each screen, how many tried it, and how many needed a
    hint. Visitors and learners alike, counted without names (PracticeScreenCount)."""
    query = (
        select(
            PracticeScreenCount.practice_id,
            PracticeScreenCount.screen,
            func.sum(PracticeScreenCount.tried),
            func.sum(PracticeScreenCount.needed_hint),
        )
        .where(PracticeScreenCount.month >= scope.months[0])
        .group_by(PracticeScreenCount.practice_id, PracticeScreenCount.screen)
    )
    if scope.city is not None:
        query = query.where(PracticeScreenCount.city == scope.city.slug)
    counts: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for practice_id, screen, tried, needed_hint in db.session.execute(query):
        counts[practice_id][screen] = (int(tried or 0), int(needed_hint or 0))
    if not counts:
        return []
    result = []
    for practice in db.session.scalars(
        select(Practice)
        .where(Practice.id.in_(counts))
        .options(
            selectinload(Practice.texts), selectinload(Practice.course).selectinload(Course.texts)
        )
    ):
        course = practice.course
        text = pick_text(practice.texts, languages, course.source_language)
        course_text = pick_text(course.texts, languages, course.source_language)
        if text is None:
            continue
        report = PracticeReport(
            course_text.title if course_text else course.slug, text.title, text.language
        )
        for position, shown in enumerate(text.screens, 1):
            tried, needed_hint = counts[practice.id].get(shown["id"], (0, 0))
            report.steps.append(PracticeStepRow(position, shown["title"], tried, needed_hint))
        result.append(report)
    return sorted(result, key=lambda report: (report.course_title.casefold(), report.title))


# --- all of it, kept for a while ------------------------------------------------------------


# --- learning groups ---------------------------------------------------------------------


@dataclass
class GroupMonthRow:
    month: str
    #: Groups started in the month, and all groups there were at its end.
    started: int = 0
    groups: int = 0
    #: People who joined a group (said yes) in the month.
    joined: int = 0
    #: Lessons and practices of a group's courses finished by its members in the month, after
    #: they joined.
    lessons: int = 0
    practices: int = 0


def group_rows(scope: Scope) -> list[GroupMonthRow]:
    """Per month: groups started and running, people who joined, what members finished. Counted
    from today's groups and members: a group deleted or a member who left no longer counts."""
    rows = {month: GroupMonthRow(month) for month in scope.months}
    in_city = [LearningGroup.city_id == scope.city.id] if scope.city else []
    running = 0  # groups started before the first month
    for month, count in db.session.execute(
        select(month_of(LearningGroup.created_at), func.count())
        .where(*in_city)
        .group_by(month_of(LearningGroup.created_at))
    ):
        if month in rows:
            rows[month].started = count
        elif month < scope.months[0]:
            running += count
    for row in rows.values():
        running += row.started
        row.groups = running
    members = (
        select(GroupMember)
        .join(LearningGroup, LearningGroup.id == GroupMember.group_id)
        .where(GroupMember.consented_at.is_not(None), *in_city)
        .subquery()
    )
    joined = db.session.execute(
        select(month_of(members.c.consented_at), func.count())
        .where(members.c.consented_at >= scope.start)
        .group_by(month_of(members.c.consented_at))
    )
    for month, count in joined:
        if month in rows:
            rows[month].joined = count
    for attribute, model, item, owner in (
        ("lessons", LessonProgress, LessonProgress.lesson_id, Lesson),
        ("practices", PracticeCompletion, PracticeCompletion.practice_id, Practice),
    ):
        done = (
            select(month_of(model.done_at), func.count(func.distinct(model.id)))
            .join(owner, owner.id == item)
            .join(members, members.c.user_id == model.user_id)
            .join(
                GroupCourse,
                (GroupCourse.group_id == members.c.group_id)
                & (GroupCourse.course_id == owner.course_id),
            )
            .where(model.done_at >= scope.start, model.done_at >= members.c.consented_at)
            .group_by(month_of(model.done_at))
        )
        for month, count in db.session.execute(done):
            if month in rows:
                setattr(rows[month], attribute, count)
    return list(rows.values())


@dataclass(frozen=True)
class Figures:
    courses: list[CourseRow]
    months: list[MonthRow]
    drop_off: list[DropOff]
    practices: list[PracticeReport]
    groups: list[GroupMonthRow]


def figures(scope: Scope, languages: list[str]) -> Kept[Figures]:
    """Every table of a report. At city scale they take seconds (they read every enrollment), so
    each process keeps them for AGGREGATES_CACHE_SECONDS (app/aggregates.py)."""
    key = ("reports", scope.city.id if scope.city else None, tuple(scope.months), tuple(languages))
    return kept(
        key,
        lambda: Figures(
            course_rows(scope, languages),
            month_rows(scope),
            drop_off(scope, languages),
            practice_steps(scope, languages),
            group_rows(scope),
        ),
    )
