"""`flask demo history`: a year of believable use for the development demo, clearly labelled.

Generated from a fixed seed, so every `make run` shows the same figures: learners of the three
cities in several languages who enrolled over the last twelve months and stopped where people
stop; past seminars with attendance marked; the coming demo seminars filled (one full, with a
waitlist); one translation that its German original has overtaken. Every account is named
"… (Demo)" and cannot be signed into. Development only: the command refuses anywhere else.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import aliased
from werkzeug.security import generate_password_hash

from app.content import reading
from app.content.files import document_hash
from app.extensions import db
from app.models import (
    Attendance,
    CheckAnswer,
    City,
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    LessonText,
    Practice,
    PracticeCompletion,
    PracticeScreenCount,
    PracticeText,
    Registration,
    RegistrationStatus,
    Role,
    Seminar,
    SeminarStatus,
    SourceVersion,
    User,
    Venue,
    utcnow,
)

SEED = 2026
LEARNERS = 240
#: Who learns: the cities' share and the languages residents read best.
CITIES = {"frankfurt": 50, "wiesbaden": 28, "darmstadt": 22}
LANGUAGES = {"de": 44, "ar": 12, "tr": 12, "uk": 10, "ru": 7, "fa": 5, "pl": 4, "en": 6}
#: How often each course is chosen (the appointment course is what most people come for).
POPULARITY = {
    "online-termin": 40,
    "sicher-online": 25,
    "online-ausweis": 15,
    "umzug-online": 12,
    "maengel-melden": 8,
}
#: The chance to go on to the next lesson: most who start one finish the course, some stop.
GOES_ON = 0.82
FIRST_NAMES = (
    "Anna", "Mehmet", "Olena", "Hassan", "Maria", "Jürgen", "Fatma", "Iryna", "Karim", "Helga",
    "Ahmad", "Ewa", "Sergej", "Leyla", "Ursula", "Dmytro", "Zeynep", "Peter", "Samira", "Wolfgang",
)  # fmt: skip
LAST_NAMES = (
    "Schmidt", "Yılmaz", "Kovalenko", "Haddad", "Becker", "Kaya", "Nowak", "Ivanova", "Rahimi",
    "Weber", "Demir", "Bondarenko", "Fischer", "Mansour", "Wagner", "Şahin",
)  # fmt: skip


class DemoRefused(Exception):
    """What the history builds on is missing."""


@dataclass(frozen=True)
class Made:
    learners: int
    enrollments: int
    seminars: int
    registrations: int
    outdated: str | None


@dataclass
class ScreenCounts:
    """The anonymous counts per practice screen the demo's runs leave, written at the end."""

    screens: dict[int, tuple[str, ...]]
    rows: dict[tuple[int, str, str, str], list[int]] = field(default_factory=dict)

    def add(self, key: tuple[int, str, str, str], hint: bool) -> None:
        row = self.rows.setdefault(key, [0, 0, 0])
        row[0] += 1
        row[1] += int(hint)
        row[2] += 1

    def write(self) -> None:
        for (practice_id, screen, month, city), (tried, hint, done) in self.rows.items():
            db.session.add(
                PracticeScreenCount(
                    practice_id=practice_id,
                    screen=screen,
                    month=month,
                    city=city,
                    tried=tried,
                    needed_hint=hint,
                    done=done,
                )
            )


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def build_history(now: datetime | None = None) -> Made:
    """Write the demo history (once; later calls renew only the stale translation, which every
    import resets); flushes, the caller commits."""
    now = now or utcnow()
    rng = random.Random(SEED)
    cities = {city.slug: city for city in db.session.scalars(select(City))}
    courses = {
        c.slug: c for c in db.session.scalars(select(Course).where(Course.retired_at.is_(None)))
    }
    if not cities or not courses:
        raise DemoRefused("import the courses first (flask courses import)")
    if db.session.scalar(select(User.id).where(User.username == "demo-000")) is not None:
        return Made(0, 0, 0, 0, _outdated_translation(courses.get("online-termin")))
    lessons = reading.active_lessons_by_course()
    practices = reading.active_practices_by_course()
    checks = {
        lesson_id: tuple(found)
        for lesson_id, found in db.session.execute(
            select(LessonText.lesson_id, LessonText.checks)
            .join(Lesson, Lesson.id == LessonText.lesson_id)
            .join(Course, Course.id == Lesson.course_id)
            .where(LessonText.language == Course.source_language)
        )
    }
    counts = ScreenCounts(
        {
            practice_id: tuple(screen["id"] for screen in screens)
            for practice_id, screens in db.session.execute(
                select(PracticeText.practice_id, PracticeText.screens)
                .join(Practice, Practice.id == PracticeText.practice_id)
                .join(Course, Course.id == Practice.course_id)
                .where(PracticeText.language == Course.source_language)
            )
        }
    )
    # Nobody signs in with these: one password nobody knows, hashed once.
    unknown = generate_password_hash(secrets.token_urlsafe(24))
    learners: list[User] = []
    enrollments = 0
    for number in range(LEARNERS):
        joined = now - timedelta(days=rng.randint(3, 362), hours=rng.randint(0, 23))
        city = cities.get(_pick(rng, CITIES))
        user = User(
            username=f"demo-{number:03d}",
            display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} (Demo)",
            password_hash=unknown,
            role=Role.LEARNER,
            language=_pick(rng, LANGUAGES),
            city=city,
            created_at=joined,
        )
        db.session.add(user)
        learners.append(user)
        chosen = {_pick(rng, POPULARITY) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))}
        db.session.flush()
        for slug in sorted(chosen):  # a set's order changes between runs; the seed must not
            course = courses.get(slug)
            if course is None:
                continue
            enrollments += 1
            _learn(
                rng,
                user,
                course,
                lessons.get(course.id, ()),
                practices.get(course.id, ()),
                checks,
                counts,
                joined,
                now,
            )
    counts.write()
    seminars, registrations = _seminars(rng, cities, learners, now)
    outdated = _outdated_translation(courses.get("online-termin"))
    db.session.flush()
    return Made(len(learners), enrollments, seminars, registrations, outdated)


def _learn(
    rng: random.Random,
    user: User,
    course: Course,
    lessons: Sequence[reading.ActiveLesson],
    practice_ids: Sequence[int],
    checks: dict[int, tuple[dict[str, Any], ...]],
    counts: ScreenCounts,
    start: datetime,
    now: datetime,
) -> None:
    """One learner's way through one course: lessons in order until they stop, self-checks
    answered (some wrong at first), the practices done by those who finished the lessons."""
    when = start + timedelta(hours=rng.randint(1, 72))
    enrollment = Enrollment(user=user, course=course, enrolled_at=min(when, now))
    db.session.add(enrollment)
    done_all = True
    for lesson in lessons:
        when += timedelta(hours=rng.randint(2, 24 * 9))
        if when >= now or rng.random() > GOES_ON:
            done_all = False
            break
        db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id, done_at=when))
        for position, check in enumerate(checks.get(lesson.id, ()), start=1):
            # Most get it right at once; some needed one or two more tries.
            wrong = rng.choices((0, 1, 2), weights=(70, 20, 10))[0]
            db.session.add(
                CheckAnswer(
                    user_id=user.id,
                    lesson_id=lesson.id,
                    position=position,
                    choices=list(check["correct"]),
                    correct=True,
                    wrong_tries=wrong,
                    answered_at=when,
                )
            )
    if done_all and lessons:
        finished = True
        for practice_id in practice_ids:
            when += timedelta(hours=rng.randint(1, 48))
            if when >= now or rng.random() > 0.75:
                finished = False
                break
            db.session.add(
                PracticeCompletion(user_id=user.id, practice_id=practice_id, done_at=when)
            )
            city = user.city.slug if user.city else "unknown"
            for index, screen in enumerate(counts.screens.get(practice_id, ())):
                # The third step (choosing a day, in the booking practice) confuses most.
                hint = rng.random() < (0.35 if index == 2 else 0.1)
                counts.add((practice_id, screen, f"{when:%Y-%m}", city), hint)
        if finished and when < now:
            enrollment.completed_at = when


def _venue(city: City) -> Venue:
    venue = db.session.scalar(select(Venue).where(Venue.city_id == city.id).limit(1))
    if venue is None:
        venue = Venue(
            city=city,
            # A made-up place: demo data must not claim facts about a real building.
            name=f"Beispiel-Lernraum {city.name} (Demo)",
            street="Musterstraße 1",
            postcode="00000",
            town=city.name,
            step_free=True,
            transport_notes="Demo.",
        )
        db.session.add(venue)
        db.session.flush()
    return venue


def _seminars(
    rng: random.Random, cities: dict[str, City], learners: list[User], now: datetime
) -> tuple[int, int]:
    """Two seminars a month in each city for the last six months, attendance marked; the coming
    demo seminars filled, the first to the last seat with three waiting."""
    from app.seminars.calendar import BERLIN

    made = registered = 0
    online = db.session.scalar(select(Course).where(Course.slug == "online-termin"))
    by_city: dict[int, list[User]] = {}
    for user in learners:
        if user.city_id is not None:
            by_city.setdefault(user.city_id, []).append(user)
    for city in cities.values():
        venue = _venue(city)
        people = by_city.get(city.id, [])
        for weeks_back in range(2, 27, 2):
            day = (
                (now - timedelta(weeks=weeks_back, days=rng.randint(0, 4)))
                .astimezone(BERLIN)
                .date()
            )
            starts = datetime.combine(day, time(10), BERLIN)
            seminar = Seminar(
                city_id=city.id,
                venue=venue,
                course=online,
                language="de",
                title="Termine online buchen – gemeinsam Schritt für Schritt (Demo)",
                description="",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                capacity=12,
                status=SeminarStatus.SCHEDULED,
                created_at=starts - timedelta(days=21),
                updated_at=starts - timedelta(days=21),
            )
            db.session.add(seminar)
            made += 1
            for user in rng.sample(people, min(len(people), rng.randint(6, 12))):
                registered += 1
                db.session.add(
                    Registration(
                        seminar=seminar,
                        user=user,
                        status=RegistrationStatus.CONFIRMED,
                        attendance=Attendance.ATTENDED
                        if rng.random() < 0.82
                        else Attendance.NO_SHOW,
                        created_at=starts - timedelta(days=rng.randint(1, 14)),
                        changed_at=starts + timedelta(hours=2),
                    )
                )
    coming = list(
        db.session.scalars(
            select(Seminar)
            .where(Seminar.starts_at > now, Seminar.status == SeminarStatus.SCHEDULED)
            .order_by(Seminar.starts_at)
        )
    )
    pool = [user for user in learners if user.city_id == (coming[0].city_id if coming else None)]
    for index, seminar in enumerate(coming):
        wanted = seminar.capacity + 3 if index == 0 else rng.randint(2, seminar.capacity - 2)
        for position, user in enumerate(rng.sample(pool, min(len(pool), wanted))):
            registered += 1
            db.session.add(
                Registration(
                    seminar=seminar,
                    user=user,
                    status=(
                        RegistrationStatus.CONFIRMED
                        if position < seminar.capacity
                        else RegistrationStatus.WAITLISTED
                    ),
                    created_at=now - timedelta(days=3, minutes=60 - position),
                    changed_at=now - timedelta(days=3, minutes=60 - position),
                )
            )
    return made, registered


def _outdated_translation(course: Course | None) -> str | None:
    """The English translation of one lesson made from an earlier German text: the original has
    since gained its last paragraph. Kept as a source version, so translators see the word diff."""
    if course is None:
        return None
    # The current German original of the course's first lesson that has an English translation.
    source = aliased(LessonText)
    rows = db.session.execute(
        select(LessonText, SourceVersion)
        .join(Lesson, Lesson.id == LessonText.lesson_id)
        .join(source, (source.lesson_id == Lesson.id) & (source.language == course.source_language))
        .join(
            SourceVersion,
            (SourceVersion.course_id == course.id) & (SourceVersion.hash == source.content_hash),
        )
        .where(Lesson.course_id == course.id, LessonText.language == "en")
        .order_by(Lesson.position)
    ).first()
    if rows is None:
        return None
    text, current = rows
    paragraphs = current.text.rstrip().split("\n\n")
    if len(paragraphs) < 3:
        return None
    earlier = "\n\n".join(paragraphs[:-1]) + "\n"
    old_hash = document_hash(earlier)
    if old_hash is None:
        return None
    known = db.session.scalar(
        select(SourceVersion.id).where(
            SourceVersion.course_id == course.id,
            SourceVersion.document == current.document,
            SourceVersion.hash == old_hash,
        )
    )
    if known is None:
        db.session.add(
            SourceVersion(
                course_id=course.id, document=current.document, hash=old_hash, text=earlier
            )
        )
    text.source_hash = old_hash
    return f"{course.slug}/{current.document} (en)"


demo_cli = AppGroup("demo", help="The development demo's history.")


@demo_cli.command("history")
def history() -> None:
    """Development only: a year of generated, labelled use (learners, seminars, a stale
    translation), so that reports, rosters and the translators' page show what they are for."""
    if not current_app.config["SEED_DEMO_USERS"]:
        raise click.ClickException(
            "the demo history exists only in development (LERNLOTSE_ENV=development)"
        )
    try:
        made = build_history()
    except DemoRefused as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    if not made.learners:
        click.echo(f"Demo history: made before; outdated translation: {made.outdated or 'none'}.")
        return
    click.echo(
        f"Demo history: {made.learners} learners, {made.enrollments} enrollments, "
        f"{made.seminars} past seminars, {made.registrations} registrations; "
        f"outdated translation: {made.outdated or 'none'}."
    )
