"""The learner's own data: download everything, delete the account (seats freed, numbers kept
anonymously), and a privacy notice that names every cookie the code sets."""

from __future__ import annotations

import importlib
import json
import re
from datetime import timedelta

from flask_login import COOKIE_NAME as REMEMBER_COOKIE
from sqlalchemy import func, select

from app.accessibility.services import report_barrier
from app.config import PROJECT_ROOT
from app.content.reading import course_detail, lesson_body
from app.extensions import db
from app.learn import services as learn
from app.models import (
    AnonymousCount,
    Attendance,
    BarrierReport,
    CheckAnswer,
    City,
    Enrollment,
    LessonProgress,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    User,
    utcnow,
)
from app.outbox import queue_message
from app.seminars import services as seminars
from tests.factories import PASSWORD, make_seminar, make_user
from tests.web import csrf_token


def a_learner_with_a_history():
    """Maria: a city, an e-mail, a finished course, self-check answers, seminars past and coming."""
    maria = make_user(email="maria@example.org", language="tr")
    maria.city_id = db.session.scalar(select(City.id).where(City.slug == "darmstadt"))
    detail = course_detail("online-termin", ["de"])
    for entry in detail.lessons:
        learn.mark_done(maria, entry.lesson)
    learn.enroll(maria, detail.course).completed_at = utcnow()
    text = lesson_body(detail.lessons[0].text)
    learn.answer_check(maria, text, 1, [0])
    past = make_seminar(title="Vergangenes Seminar")
    seminars.register(past.id, user=maria)
    coming = make_seminar(title="Kommendes Seminar", capacity=1)
    seminars.register(coming.id, user=maria)
    waiting = make_user(username="wartende", email="wartende@example.org")
    seminars.register(coming.id, user=waiting)
    db.session.commit()
    registration = db.session.scalar(select(Registration).where(Registration.seminar_id == past.id))
    past.starts_at = utcnow() - timedelta(days=2)
    past.ends_at = past.starts_at + timedelta(hours=2)
    registration.attendance = Attendance.ATTENDED
    report_barrier("/de/seminars/", "Zu kleine Schrift", "0151 999", "de", maria)
    # Someone else's mail to a shared family address must survive Maria's deletion.
    queue_message("family:1", "maria@example.org", "de", "Für die Familie", "Text")
    db.session.commit()
    return maria, coming


def sign_in(client, username="maria"):
    client.post(
        "/de/account/sign-in",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf_token(client)},
    )


def test_download_holds_everything_about_me_and_nothing_about_others(client):
    a_learner_with_a_history()
    other = make_user(username="other", email="other@example.org")
    learn.enroll(other, course_detail("sicher-online", ["de"]).course)
    db.session.commit()
    sign_in(client)
    response = client.get("/de/account/my-data.json")
    assert response.headers["Content-Disposition"] == 'attachment; filename="lernlotse-maria.json"'
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "maria@example.org"
    assert data["account"]["city"] == "darmstadt"
    assert [e["course"] for e in data["enrollments"]] == ["online-termin"]
    assert len(data["lessons_done"]) == 5
    assert data["self_check_answers"][0]["choices"] == [0]
    assert {r["seminar"] for r in data["seminar_registrations"]} == {
        "Vergangenes Seminar",
        "Kommendes Seminar",
    }
    assert data["barrier_reports"][0]["message"] == "Zu kleine Schrift"
    assert "other@example.org" not in response.get_data(as_text=True)


def test_my_data_needs_a_sign_in(client):
    response = client.get("/de/account/my-data.json")
    assert response.status_code == 302
    assert "/account/sign-in" in response.headers["Location"]


def test_deleting_needs_the_tick_and_the_right_password_and_keeps_what_was_typed(client):
    a_learner_with_a_history()
    sign_in(client)
    token = csrf_token(client, "/en/account/delete")
    html = client.post(
        "/en/account/delete", data={"password": PASSWORD, "csrf_token": token}
    ).get_data(as_text=True)
    assert "<title>Error: Delete your account – Lernlotse</title>" in html
    assert "Tick the box to confirm that you want to delete your account" in html
    html = client.post(
        "/en/account/delete",
        data={"confirm": "y", "password": "wrong password", "csrf_token": token},
    ).get_data(as_text=True)
    assert "The password is not correct." in html
    assert re.search(r'<input checked[^>]*name="confirm"', html)  # the tick stays
    assert db.session.scalar(select(func.count(User.id)).where(User.username == "maria")) == 1


def test_deleting_removes_the_person_frees_the_seat_and_keeps_only_counts(client):
    maria, coming = a_learner_with_a_history()
    maria_id = maria.id
    sign_in(client)
    stats_before = client.get("/api/v1/statistics").get_json()
    response = client.post(
        "/de/account/delete",
        data={
            "confirm": "y",
            "password": PASSWORD,
            "csrf_token": csrf_token(client, "/de/account/delete"),
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, maria_id) is None
    for model in (Enrollment, LessonProgress, CheckAnswer, Registration):
        assert (
            db.session.scalar(
                select(func.count()).select_from(model).where(model.user_id == maria_id)
            )
            == 0
        )
    # The waiting person moved up into Maria's seat, and is told by e-mail.
    [seat] = db.session.scalars(
        select(Registration).where(Registration.seminar_id == coming.id)
    ).all()
    assert seat.user.username == "wartende" and seat.status is RegistrationStatus.CONFIRMED
    assert (
        db.session.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.to_address == "wartende@example.org"
            )
        )
        >= 1
    )
    # Her report stays (it is about the site), without her contact; her own mail is gone, the family's stays.
    report = db.session.scalar(select(BarrierReport))
    assert (report.user_id, report.contact) == (None, None)
    assert [
        m.idempotency_key
        for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == "maria@example.org")
        )
    ] == ["family:1"]
    # What she did is still counted, anonymously, in the same cells as before.
    kinds = {
        (c.kind.value, c.course, c.language, c.city): c.count
        for c in db.session.scalars(select(AnonymousCount))
    }
    # (her account's language, Turkish: reading the German pages does not change it)
    assert kinds[("enrollment", "online-termin", "tr", "darmstadt")] == 1
    assert kinds[("completion", "online-termin", "tr", "darmstadt")] == 1
    assert kinds[("attendance", "online-termin", "de", "frankfurt")] == 1
    stats_after = client.get("/api/v1/statistics").get_json()
    for key in ("enrollments", "completions", "seminar_attendance"):
        assert stats_after[key] == stats_before[key]
    # Signed out, and the account cannot be used again.
    assert client.get("/de/my/").status_code == 302
    sign_in(client)
    assert client.get("/de/my/").status_code == 302


def cookies_the_code_sets() -> set[str]:
    """Every cookie name the code sets anywhere in app/, resolved from its module."""
    names = set()
    for path in (PROJECT_ROOT / "app").rglob("*.py"):
        module = importlib.import_module(
            ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        )
        text = path.read_text("utf-8")
        # response.set_cookie(NAME, …) and cookies.keep(response, NAME, …): the constants.
        found = re.findall(r"set_cookie\(\s*((?:\w+\.)*[A-Z_]+)\b", text)
        found += re.findall(r"cookies\.keep\(\s*\w+,\s*((?:\w+\.)*[A-Z_]+)\b", text)
        for expression in found:
            value = module
            for part in expression.split("."):
                value = getattr(value, part)
            names.add(value)
    return names


def test_the_privacy_notice_names_every_cookie_the_code_sets(client):
    html = client.get("/de/privacy").get_data(as_text=True)
    found = cookies_the_code_sets()
    assert len(found) >= 5
    for cookie in found | {client.application.config["SESSION_COOKIE_NAME"], REMEMBER_COOKIE}:
        assert cookie in html, cookie
    assert 'href="/de/account/my-data"' in html and 'href="/de/account/delete"' in html
    footer = client.get("/ar/").get_data(as_text=True).split('<footer class="site-footer">')[1]
    assert 'href="/ar/privacy"' in footer
