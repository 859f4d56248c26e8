"""Trainers' pages: scheduling, rosters, guests, attendance, CSV, sign-in sheets, login cards."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Attendance, Registration, Role, Seminar, User, utcnow
from app.seminars import services
from tests.factories import PASSWORD, make_seminar, make_trainer, make_user, make_venue
from tests.web import csrf_token


def sign_in(client, username: str, password: str = PASSWORD):
    response = client.post(
        "/en/account/sign-in",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@pytest.fixture
def trainer_client(client, trainer):
    sign_in(client, trainer.username)
    return client


def post(client, url, data=None, **kwargs):
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client))
    return client.post(url, data=data, **kwargs)


def form_data(venue, days=6, **overrides):
    day = (utcnow() + timedelta(days=days)).astimezone(services.BERLIN).date()
    values = {
        "title": "Online-Ausweis einrichten",
        "description": "",
        "course": "",
        "language": "de",
        "venue": str(venue.id),
        "day": day.isoformat(),
        "start": "14:00",
        "end": "16:00",
        "capacity": "12",
        "repeat_weeks": "1",
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize("role", [None, Role.LEARNER, Role.TRANSLATOR])
def test_trainer_pages_are_closed_to_others(client, seminar, role):
    urls = [
        "/en/trainer/seminars/",
        "/en/trainer/seminars/new",
        f"/en/trainer/seminars/{seminar.id}/",
        f"/en/trainer/seminars/{seminar.id}/roster.csv",
        "/en/account/participants/new",
    ]
    if role is not None:
        make_user(username="other", role=role)
        sign_in(client, "other")
    for url in urls:
        response = client.get(url)
        assert response.status_code == (302 if role is None else 403), url


def test_a_trainer_schedules_a_weekly_series(trainer_client):
    venue = make_venue()
    response = post(trainer_client, "/en/trainer/seminars/new", form_data(venue, repeat_weeks="3"))
    assert response.status_code == 302
    seminars = db.session.scalars(select(Seminar).order_by(Seminar.starts_at)).all()
    assert len(seminars) == 3
    assert {s.starts_at.astimezone(services.BERLIN).strftime("%H:%M") for s in seminars} == {
        "14:00"
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start": "16:00", "end": "14:00"}, "The seminar must end after it starts."),
        ({"days": -2}, "The seminar must start in the future."),
        ({"capacity": "0"}, "The number of seats must be between 1 and 500"),
        ({"capacity": "-3"}, "The number of seats must be between 1 and 500"),
        ({"capacity": "zwölf"}, "Enter the number of seats as a whole number, for example 12"),
    ],
)
def test_bad_seminar_input_keeps_what_was_typed_and_changes_nothing(
    trainer_client, overrides, message
):
    venue = make_venue()
    days = overrides.pop("days", 6)
    response = post(
        trainer_client,
        "/en/trainer/seminars/new",
        form_data(venue, days=days, title="Mein Titel", **overrides),
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert 'class="error-summary"' in html
    assert 'value="Mein Titel"' in html
    assert db.session.scalar(select(func.count(Seminar.id))) == 0


def test_a_wiesbaden_trainer_editing_a_darmstadt_seminar_by_url_gets_403(client):
    make_trainer(username="wiebke", city_slug="wiesbaden")
    darmstadt = make_seminar(make_venue("darmstadt", town="Darmstadt", postcode="64283"))
    sign_in(client, "wiebke")
    assert client.get(f"/en/trainer/seminars/{darmstadt.id}/edit").status_code == 403
    response = post(
        client,
        f"/en/trainer/seminars/{darmstadt.id}/edit",
        form_data(darmstadt.venue, title="Hijacked"),
    )
    assert response.status_code == 403
    assert post(client, f"/en/trainer/seminars/{darmstadt.id}/cancel").status_code == 403
    db.session.expire_all()
    seminar = db.session.get(Seminar, darmstadt.id)
    assert seminar.title != "Hijacked" and not seminar.is_cancelled


def test_a_trainer_cannot_use_another_citys_venue(trainer_client):
    make_venue()  # the trainer's own city has a venue, so the form is shown
    darmstadt_venue = make_venue("darmstadt", town="Darmstadt", postcode="64283")
    response = post(trainer_client, "/en/trainer/seminars/new", form_data(darmstadt_venue))
    assert response.status_code == 200
    # Another city's venue is not among the trainer's choices.
    assert "Choose one of your venues" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Seminar.id))) == 0


def test_register_a_guest_by_phone(trainer_client, seminar):
    bad = post(
        trainer_client,
        f"/en/trainer/seminars/{seminar.id}/guests/new",
        {"name": "Frau Weber", "phone": "call me"},
    )
    assert "Enter a phone number with digits only" in bad.get_data(as_text=True)
    assert 'value="Frau Weber"' in bad.get_data(as_text=True)
    good = post(
        trainer_client,
        f"/en/trainer/seminars/{seminar.id}/guests/new",
        {"name": "Frau Weber", "phone": "+49 69 123456"},
    )
    assert good.status_code == 302
    roster = trainer_client.get(f"/en/trainer/seminars/{seminar.id}/").get_data(as_text=True)
    assert "Frau Weber" in roster and "+49 69 123456" in roster


def test_roster_attendance_and_completion_with_a_trainer(client, trainer, seminar):
    learner = make_user(username="lena")
    registration = services.register(seminar.id, user=learner)
    db.session.commit()
    sign_in(client, trainer.username)
    too_early = post(
        client,
        f"/en/trainer/seminars/{seminar.id}/registrations/{registration.id}/attendance",
        {"attendance": "attended"},
        follow_redirects=True,
    )
    assert "Attendance can be marked once the seminar has started." in too_early.get_data(
        as_text=True
    )
    seminar.starts_at = utcnow() - timedelta(minutes=30)  # the seminar is under way
    db.session.commit()
    post(
        client,
        f"/en/trainer/seminars/{seminar.id}/registrations/{registration.id}/attendance",
        {"attendance": "attended"},
    )
    assert db.session.scalar(select(Registration.attendance)) is Attendance.ATTENDED
    # The seminar is linked to the course: the learner's certificate is there, "with a trainer".
    client.post("/en/account/sign-out", data={"csrf_token": csrf_token(client)})
    sign_in(client, "lena")
    certificate = client.get("/en/my/certificates/online-termin/")
    assert certificate.status_code == 200
    assert "Completed with a trainer, in a seminar." in certificate.get_data(as_text=True)
    my_courses = client.get("/en/my/").get_data(as_text=True)
    assert "Seminars you attended" in my_courses
    assert "Completed on" in my_courses  # My courses reads the same rule as the certificate


def test_csv_opens_with_umlauts_in_excel(trainer_client, seminar):
    services.register(seminar.id, guest_name="Jürgen Groß", guest_phone="069 98765")
    db.session.commit()
    response = trainer_client.get(f"/en/trainer/seminars/{seminar.id}/roster.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith("\ufeff".encode())  # the BOM tells Excel it is UTF-8
    text = response.data.decode("utf-8-sig")
    # The leading apostrophe keeps the phone number as text (its 0 stays).
    assert text.splitlines()[1] == "1;Jürgen Groß;'069 98765;;seat;"


def test_sign_in_sheet_has_a_qr_code_for_the_course(trainer_client, seminar):
    html = trainer_client.get(f"/en/trainer/seminars/{seminar.id}/sign-in-sheet").get_data(
        as_text=True
    )
    assert "<svg" in html and 'aria-hidden="true"' in html
    assert "/de/courses/online-termin/" in html


def test_cancel_seminar_needs_a_confirmation(trainer_client, seminar):
    assert "Yes, cancel the seminar" in trainer_client.get(
        f"/en/trainer/seminars/{seminar.id}/cancel"
    ).get_data(as_text=True)
    assert not db.session.get(Seminar, seminar.id).is_cancelled
    post(trainer_client, f"/en/trainer/seminars/{seminar.id}/cancel")
    db.session.expire_all()
    assert db.session.get(Seminar, seminar.id).is_cancelled


def test_login_card_and_first_sign_in_without_email(client, trainer):
    sign_in(client, trainer.username)
    response = post(
        client, "/en/account/participants/new", {"display_name": "Ayşe Yılmaz", "language": "tr"}
    )
    html = response.get_data(as_text=True)
    assert '<section class="login-card" lang="tr" dir="ltr"' in html
    username = re.search(r'<bdi class="login-card__value">([a-z0-9.]+)</bdi>', html).group(1)
    code = re.findall(r'<bdi class="login-card__value">([A-Z0-9-]+)</bdi>', html)[-1]
    assert username == "ayse.yilmaz"
    assert "<svg" in html
    client.post("/en/account/sign-out", data={"csrf_token": csrf_token(client)})

    first = client.post(
        "/en/account/sign-in",
        data={"username": username, "password": code.lower(), "csrf_token": csrf_token(client)},
    )
    assert first.headers["Location"] == "/en/account/choose-password"
    # Until a password is chosen, every page leads there.
    assert client.get("/en/my/").headers["Location"] == "/en/account/choose-password"
    chosen = client.post(
        "/en/account/choose-password",
        data={
            "password": "mein eigenes passwort",
            "csrf_token": csrf_token(client, "/en/account/choose-password"),
        },
    )
    assert chosen.headers["Location"] == "/en/my/"
    client.post("/en/account/sign-out", data={"csrf_token": csrf_token(client)})
    # The code worked once; now the password counts.
    again = client.post(
        "/en/account/sign-in",
        data={"username": username, "password": code, "csrf_token": csrf_token(client)},
    )
    assert again.status_code == 200
    sign_in(client, username, "mein eigenes passwort")
    user = db.session.scalar(select(User).where(User.username == username))
    assert user.email is None and user.start_code_hash is None


def test_an_expired_start_code_does_not_work(client, trainer):
    from app.accounts import services as accounts

    user, code = accounts.create_participant(
        trainer, "Olga Petrenko", "uk", now=utcnow() - timedelta(days=15)
    )
    db.session.commit()
    response = client.post(
        "/en/account/sign-in",
        data={"username": user.username, "password": code, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 200
    assert "The username or the password is not right." in response.get_data(as_text=True)


def test_seminars_of_the_last_month_stay_listed_for_attendance(trainer_client):
    yesterday = utcnow() - timedelta(days=1)
    past = make_seminar(
        title="Gestern", starts_at=yesterday, ends_at=yesterday + timedelta(hours=2)
    )
    old = make_seminar(
        title="Lange her",
        starts_at=yesterday - timedelta(days=60),
        ends_at=yesterday - timedelta(days=60) + timedelta(hours=2),
    )
    html = trainer_client.get("/en/trainer/seminars/").get_data(as_text=True)
    recent = html.split('id="recent"', 1)[1]
    assert f"/en/trainer/seminars/{past.id}/" in recent
    assert old.title not in html


def test_a_trainer_cannot_cancel_a_registration_of_another_citys_seminar(client, trainer, seminar):
    darmstadt = make_seminar(make_venue("darmstadt", town="Darmstadt", postcode="64283"))
    foreign = services.register(darmstadt.id, user=make_user(username="dara"))
    db.session.commit()
    sign_in(client, trainer.username)
    # The trainer's own seminar in the URL, another city's registration id in the path.
    for action in ("cancel", "attendance"):
        response = post(
            client,
            f"/en/trainer/seminars/{seminar.id}/registrations/{foreign.id}/{action}",
            {"attendance": "attended"},
        )
        assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Registration, foreign.id).status.value == "confirmed"


def test_a_double_click_does_not_register_a_phone_guest_twice(trainer_client, seminar):
    for _ in range(2):
        post(
            trainer_client,
            f"/en/trainer/seminars/{seminar.id}/guests/new",
            {"name": "Frau Weber", "phone": "069 123456"},
        )
    assert db.session.scalar(select(func.count(Registration.id))) == 1


def test_csv_cells_cannot_start_a_spreadsheet_formula(trainer_client, seminar):
    services.register(
        seminar.id, guest_name='=HYPERLINK("http://evil.example")', guest_phone="+49 69 123456"
    )
    db.session.commit()
    text = trainer_client.get(f"/en/trainer/seminars/{seminar.id}/roster.csv").data.decode(
        "utf-8-sig"
    )
    row = list(csv.reader(io.StringIO(text), delimiter=";"))[1]
    assert row[1].startswith("'=")
    assert row[2] == "'+49 69 123456"


def test_service_errors_appear_next_to_their_field(trainer_client):
    venue = make_venue()
    html = post(
        trainer_client, "/en/trainer/seminars/new", form_data(venue, start="16:00", end="14:00")
    ).get_data(as_text=True)
    assert '<a href="#end">The seminar must end after it starts.</a>' in html
    assert 'id="end-error"' in html
