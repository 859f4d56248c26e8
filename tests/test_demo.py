"""The development demo's history: every page a newcomer opens shows what it is for, the history
is made once (from a fixed seed), and it never appears outside development."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, func, select, update

from app.extensions import db
from app.models import (
    Attendance,
    LessonText,
    Registration,
    RegistrationStatus,
    Seminar,
    SourceVersion,
    User,
    utcnow,
)
from tests.web import sign_in

DEMO_PASSWORD = "lernlotse-demo"


@pytest.fixture(autouse=True)
def _content_as_imported():
    """The history makes one translation stale in the content tables, which the other tests
    share: put back what it changed."""
    hashes = dict(db.session.execute(select(LessonText.id, LessonText.source_hash)).all())
    versions = set(db.session.scalars(select(SourceVersion.id)))
    yield
    db.session.rollback()
    for text_id, source_hash in hashes.items():
        db.session.execute(
            update(LessonText).where(LessonText.id == text_id).values(source_hash=source_hash)
        )
    db.session.execute(delete(SourceVersion).where(SourceVersion.id.not_in(versions)))
    db.session.commit()


def make_demo(runner) -> str:
    for command in (["users", "demo"], ["seminars", "demo"], ["groups", "demo"]):
        assert runner.invoke(args=command).exit_code == 0
    result = runner.invoke(args=["demo", "history"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_demo_history_fills_the_pages_a_newcomer_opens(runner, app):
    make_demo(runner)
    client = app.test_client()
    # Reports: enrollments in (nearly) every month of the year, and practices that confused.
    sign_in(client, "admin", DEMO_PASSWORD)
    reports = client.get("/de/admin/reports/").get_data(as_text=True)
    months = re.findall(r'<th scope="row">\d\d/\d\d</th>\s*<td>(\d+)</td><td>(\d+)</td>', reports)
    assert sum(int(enrolled) > 0 for enrolled, _completed in months[:12]) >= 11
    assert sum(int(completed) for _enrolled, completed in months[:12]) > 20
    assert "In diesem Zeitraum hat niemand eine Übung versucht." not in reports
    assert "In diesem Zeitraum hat niemand einen Kurs belegt" not in reports
    # The trainer's coming seminars: one full with a waitlist; past ones with attendance.
    trainer = app.test_client()
    sign_in(trainer, "trainerin", DEMO_PASSWORD)
    seminars = trainer.get("/de/trainer/seminars/").get_data(as_text=True)
    assert "12 / 12" in seminars
    waiting = db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(Registration.status == RegistrationStatus.WAITLISTED)
    )
    assert waiting >= 3
    marked = db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .join(Seminar)
        .where(Seminar.starts_at < utcnow(), Registration.attendance == Attendance.ATTENDED)
    )
    assert marked > 100
    # The translators' page: an outdated translation, with what changed.
    translator = app.test_client()
    sign_in(translator, "uebersetzer", DEMO_PASSWORD)
    overview = translator.get("/de/translate/").get_data(as_text=True)
    link = re.search(r'href="(/de/translate/[^"]+)">[^<]*\(Englisch\)', overview)
    assert link, "no outdated English translation listed"
    changes = translator.get(link.group(1).replace("&amp;", "&"))
    assert changes.status_code == 200 and "<ins" in changes.get_data(as_text=True)


def test_the_history_is_made_once_and_labelled(runner):
    make_demo(runner)
    people = db.session.scalar(select(func.count(User.id)))
    again = runner.invoke(args=["demo", "history"])
    assert again.exit_code == 0 and "made before" in again.output
    assert db.session.scalar(select(func.count(User.id))) == people
    names = db.session.scalars(select(User.display_name).where(User.username.like("demo-%")))
    assert all(name.endswith("(Demo)") for name in names)


def test_the_history_is_refused_outside_development(runner, app):
    runner.invoke(args=["users", "demo"])
    app.config["SEED_DEMO_USERS"] = False
    try:
        refused = runner.invoke(args=["demo", "history"])
    finally:
        app.config["SEED_DEMO_USERS"] = True
    assert refused.exit_code != 0 and "only in development" in refused.output
    assert db.session.scalar(select(User.id).where(User.username.like("demo-%"))) is None
