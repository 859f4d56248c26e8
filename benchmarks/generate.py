"""Fill a database at the scale of the three cities, for the load benchmark (run by hand).

    DATABASE_URL=postgresql://lernlotse:lernlotse@127.0.0.1:5432/lernlotse_bench \
        .venv/bin/python benchmarks/generate.py [--learners 100000] [--progress 1000000]

The database is migrated and the real courses imported first; then the first course (in all nine
languages) is copied until there are 200 courses, and learners, enrollments, lesson progress,
self-check answers, venues, seminars and registrations are added with bulk inserts. With --demo
only the demo data of `make run` is created (the baseline the benchmark compares against).
Every learner's password is "benchmark-password"; learner "bench1" has the longest history.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from app import create_app  # noqa: E402
from app.content.importer import import_courses  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    Attendance,
    City,
    Course,
    CourseText,
    Enrollment,
    Lesson,
    LessonProgress,
    LessonText,
    Registration,
    RegistrationStatus,
    Role,
    Seminar,
    SeminarStatus,
    User,
    Venue,
    utcnow,
)

PASSWORD = "benchmark-password"
BATCH = 10_000


def log(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:7.1f} s] {message}", flush=True)


def bulk(table, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(table), rows[start : start + BATCH])


def copy_courses(total: int) -> None:
    """Copy the course with the most translations until there are *total* courses."""
    template = db.session.scalar(
        select(Course)
        .join(CourseText)
        .group_by(Course.id)
        .order_by(func.count(CourseText.id).desc(), Course.id)
        .limit(1)
    )
    existing = db.session.scalar(select(func.count(Course.id)))
    course_columns = [c for c in Course.__table__.c if c.name != "id"]
    text_rows = (
        db.session.execute(select(CourseText.__table__).where(CourseText.course_id == template.id))
        .mappings()
        .all()
    )
    lessons = (
        db.session.execute(select(Lesson.__table__).where(Lesson.course_id == template.id))
        .mappings()
        .all()
    )
    lesson_texts = {
        lesson["id"]: db.session.execute(
            select(LessonText.__table__).where(LessonText.lesson_id == lesson["id"])
        )
        .mappings()
        .all()
        for lesson in lessons
    }
    base = (
        db.session.execute(select(Course.__table__).where(Course.id == template.id))
        .mappings()
        .one()
    )
    topics = ["appointments", "identity", "payments", "safety", "basics"]
    for number in range(existing, total):
        values = {c.name: base[c.name] for c in course_columns}
        values.update(slug=f"{template.slug}-{number:03d}", topic=topics[number % len(topics)])
        course_id = db.session.execute(
            insert(Course.__table__).values(values).returning(Course.id)
        ).scalar()
        bulk(
            CourseText.__table__,
            [
                {
                    **{k: v for k, v in row.items() if k != "id"},
                    "course_id": course_id,
                    "title": f"{row['title']} ({number})",
                }
                for row in text_rows
            ],  # fmt: skip
        )
        for lesson in lessons:
            lesson_id = db.session.execute(
                insert(Lesson.__table__)
                .values({**{k: v for k, v in lesson.items() if k != "id"}, "course_id": course_id})
                .returning(Lesson.id)
            ).scalar()
            bulk(
                LessonText.__table__,
                [
                    {**{k: v for k, v in row.items() if k != "id"}, "lesson_id": lesson_id}
                    for row in lesson_texts[lesson["id"]]
                ],
            )
    db.session.commit()


def people(learners: int, progress_rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    now = utcnow()
    password_hash = generate_password_hash(PASSWORD)
    cities = list(db.session.scalars(select(City.id)))
    languages = ["de", "tr", "ar", "en", "uk", "ru", "pl", "fa", None]
    bulk(
        User.__table__,
        [
            {
                "username": f"bench{n}",
                "password_hash": password_hash,
                "display_name": f"Lernende {n}",
                "email": f"bench{n}@example.org" if n % 3 == 0 else None,
                "role": Role.LEARNER,
                "language": rng.choice(languages),
                "city_id": rng.choice(cities + [None]),
                "created_at": now - timedelta(days=rng.randint(0, 720)),
            }
            for n in range(1, learners + 1)
        ],
    )
    db.session.commit()
    user_ids = list(db.session.scalars(select(User.id).where(User.username.like("bench%"))))
    courses = {
        course_id: list(
            db.session.scalars(
                select(Lesson.id).where(Lesson.course_id == course_id).order_by(Lesson.position)
            )
        )
        for course_id in db.session.scalars(select(Course.id))
    }
    course_ids = list(courses)
    # Learner bench1 has the longest history: enrolled in 40 courses, most of them finished.
    enrollments, progress = [], []
    target_per_user = max(1, progress_rows // max(1, learners))
    for index, user_id in enumerate(user_ids):
        count = 40 if index == 0 else rng.randint(1, max(2, target_per_user // 2 + 1))
        for course_id in rng.sample(course_ids, min(count, len(course_ids))):
            lessons = courses[course_id]
            done = len(lessons) if index == 0 else rng.randint(1, len(lessons))
            enrolled_at = now - timedelta(days=rng.randint(1, 700))
            completed = done == len(lessons)
            enrollments.append(
                {
                    "user_id": user_id,
                    "course_id": course_id,
                    "enrolled_at": enrolled_at,
                    "completed_at": enrolled_at + timedelta(days=3) if completed else None,
                }
            )
            for position, lesson_id in enumerate(lessons[:done]):
                progress.append(
                    {
                        "user_id": user_id,
                        "lesson_id": lesson_id,
                        "done_at": enrolled_at + timedelta(hours=position),
                    }
                )
        if len(progress) >= progress_rows and index > 0:
            break
    bulk(Enrollment.__table__, enrollments)
    db.session.commit()
    bulk(LessonProgress.__table__, progress[:progress_rows])
    db.session.commit()


def seminars(count: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    cities = list(db.session.scalars(select(City)))
    venues = []
    for city in cities:
        for number in range(20):
            venues.append(
                {
                    "city_id": city.id,
                    "name": f"Stadtteilbibliothek {number} ({city.name})",
                    "street": f"Hauptstraße {number}",
                    "postcode": "60000",
                    "town": city.name,
                    "step_free": number % 2 == 0,
                    "accessible_toilet": number % 3 == 0,
                    "hearing_loop": number % 4 == 0,
                    "transport_notes": "",
                    "created_at": now,
                }
            )
    bulk(Venue.__table__, venues)
    db.session.commit()
    venue_rows = db.session.execute(select(Venue.id, Venue.city_id)).all()
    course_ids = list(db.session.scalars(select(Course.id)))[:20]
    rows = []
    for number in range(count):
        venue_id, city_id = rng.choice(venue_rows)
        starts = now + timedelta(days=rng.randint(-180, 180), hours=rng.randint(-3, 3))
        rows.append(
            {
                "city_id": city_id,
                "venue_id": venue_id,
                "course_id": rng.choice(course_ids),
                "language": rng.choice(["de", "de", "tr", "ar", "en"]),
                "title": f"Seminar {number}: Online-Dienste Schritt für Schritt",
                "description": "",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "capacity": 12,
                "status": SeminarStatus.SCHEDULED,
                "created_at": now,
                "updated_at": now,
            }
        )
    bulk(Seminar.__table__, rows)
    db.session.commit()
    user_ids = list(
        db.session.scalars(select(User.id).where(User.username.like("bench%")).limit(50_000))
    )
    registrations = []
    for seminar_id, starts in db.session.execute(select(Seminar.id, Seminar.starts_at)):
        people_here = rng.sample(user_ids, rng.randint(4, 15))
        for place, user_id in enumerate(people_here):
            seat = place < 12
            past = starts < now
            registrations.append(
                {
                    "seminar_id": seminar_id,
                    "user_id": user_id,
                    "status": RegistrationStatus.CONFIRMED
                    if seat
                    else RegistrationStatus.WAITLISTED,
                    "attendance": (
                        Attendance.ATTENDED
                        if rng.random() < 0.85
                        else Attendance.NO_SHOW
                        if seat and past
                        else None
                    ),
                    "created_at": starts - timedelta(days=10),
                    "changed_at": starts - timedelta(days=10),
                }
            )
    bulk(Registration.__table__, registrations)
    db.session.commit()


def give_demo_learner_a_history() -> None:
    """The demo learner "lerner" finishes one course and starts another (My courses has rows)."""
    from app.learn import services as learn

    lerner = db.session.scalar(select(User).where(User.username == "lerner"))
    for number, course in enumerate(db.session.scalars(select(Course).order_by(Course.id))):
        lessons = list(
            db.session.scalars(
                select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.position)
            )
        )
        learn.enroll(lerner, course)
        for lesson in lessons if number == 0 else lessons[:2]:
            learn.mark_done(lerner, lesson)
    db.session.commit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--demo", action="store_true", help="only the demo data of `make run`")
    parser.add_argument("--courses", type=int, default=200)
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--progress", type=int, default=1_000_000)
    parser.add_argument("--seminars", type=int, default=5_000)
    args = parser.parse_args()
    started = time.perf_counter()
    app = create_app()
    with app.app_context():
        upgrade()
        if db.session.scalar(select(func.count(User.id))):
            print("The database is not empty: use a fresh one.", file=sys.stderr)
            return 1
        import_courses(Path(app.config["COURSES_DIR"]))
        db.session.commit()
        log("courses imported", started)
        runner = app.test_cli_runner()
        for command in (["users", "demo"], ["seminars", "demo"]):
            result = runner.invoke(args=command)
            assert result.exit_code == 0, result.output
        # The demo learner gets the same password as the generated ones.
        db.session.execute(
            text("UPDATE \"user\" SET password_hash = :h WHERE username = 'lerner'"),
            {"h": generate_password_hash(PASSWORD)},
        )
        db.session.commit()
        give_demo_learner_a_history()
        log("demo accounts and seminars", started)
        if not args.demo:
            copy_courses(args.courses)
            log(f"{args.courses} courses", started)
            people(args.learners, args.progress)
            log(f"{args.learners} learners, {args.progress} lesson-progress rows", started)
            seminars(args.seminars)
            log(f"{args.seminars} seminars with registrations", started)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        for model in (
            Course,
            CourseText,
            LessonText,
            User,
            Enrollment,
            LessonProgress,
            Seminar,
            Registration,
        ):
            print(
                f"  {model.__tablename__:<16} {db.session.scalar(select(func.count()).select_from(model)):>10,}"
            )
        log("done", started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
