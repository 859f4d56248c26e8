"""Open data that other software accepts: CSV that spreadsheets cannot run, filters that say what
they do not know, JSON errors that keep their headers, and free seats that reveal no small count."""

from __future__ import annotations

import csv
import io

import pytest

from app.extensions import db
from app.models import Role
from app.seminars import services as seminar_services
from tests.factories import PASSWORD, make_seminar, make_user, make_venue
from tests.web import csrf_token

FORMULAS = ("=", "+", "-", "@")


@pytest.fixture
def hostile_seminar():
    """Text a trainer typed that a spreadsheet would run as a formula."""
    venue = make_venue(name='=HYPERLINK("https://evil.example")', street="+49 Straße 1")
    seminar = make_seminar(venue, title="@SUM(A1:A9)", description="-2+3")
    seminar_services.register(seminar.id, guest_name="=1+1", guest_phone="+49 69 555555")
    db.session.commit()
    return seminar


def hostile_group() -> int:
    """A group whose member chose a name that a spreadsheet would run; its id."""
    from sqlalchemy import select

    from app.groups import services as groups
    from app.models import Course

    leader = make_user(username="tara", role=Role.TRAINER)
    leader.city = make_venue().city
    member = make_user(username="mallory", display_name="=cmd|' /C calc'!A0")
    course = db.session.scalar(select(Course.id).where(Course.slug == "online-termin"))
    group = groups.create_group(leader, groups.GroupData("-Gruppe", [course]))
    groups.join(member, group)
    db.session.commit()
    return group.id


def test_no_csv_of_the_site_starts_a_cell_with_a_formula(app, client, hostile_seminar):
    make_user(username="root", role=Role.ADMIN)
    client.post(
        "/de/account/sign-in",
        data={"username": "root", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    urls = ["/api/v1/seminars.csv", "/api/v1/courses.csv"]
    urls += [f"/de/trainer/seminars/{hostile_seminar.id}/roster.csv"]
    urls += [f"/de/admin/reports/{table}.csv" for table in ("months", "courses", "drop-off")]
    urls += [f"/de/trainer/groups/{hostile_group()}/progress.csv"]
    csv_rules = {r.endpoint for r in app.url_map.iter_rules() if r.rule.endswith(".csv")}
    assert csv_rules == {
        "api.seminars_csv",
        "api.courses_csv",
        "roster.roster_csv",
        "reports.download",
        "groups.progress_csv",
    }
    cells = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True).lstrip("\ufeff")
        delimiter = ";" if ";" in text.splitlines()[0] else ","
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            for value in row:
                cells += 1
                assert not value.startswith(FORMULAS), (url, value)
    assert cells > 50


def test_open_data_booleans_are_true_and_false(client, hostile_seminar):
    rows = list(
        csv.DictReader(io.StringIO(client.get("/api/v1/seminars.csv").get_data(as_text=True)))
    )
    assert {row["step_free"] for row in rows} <= {"true", "false"}
    assert rows[0]["title"] == "'@SUM(A1:A9)"


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("?language=xx", "Unknown language 'xx'"),
        ("?city=atlantis", "Unknown city 'atlantis'"),
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/seminars", "/api/v1/seminars.csv"])
def test_an_unknown_filter_value_is_a_json_error(client, path, query, says):
    response = client.get(path + query)
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert says in response.get_json()["error"]["message"]


def test_known_filter_values_filter(client, hostile_seminar):
    assert (
        len(client.get("/api/v1/seminars?city=frankfurt&language=de").get_json()["seminars"]) == 1
    )
    assert client.get("/api/v1/seminars?city=wiesbaden").get_json()["seminars"] == []


def test_api_errors_are_json_and_keep_their_headers(client):
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.get_json()["error"]["status"] == 404
    wrong_method = client.post("/api/v1/courses")
    assert wrong_method.status_code == 405
    assert wrong_method.mimetype == "application/json"
    assert set(wrong_method.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}


def test_a_405_page_says_which_methods_are_allowed(client):
    response = client.get("/de/account/sign-out")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "<html" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("registered", "published"), [(0, 10), (1, None), (4, None), (5, 5), (10, 0)]
)
def test_free_seats_never_reveal_that_one_to_four_people_registered(client, registered, published):
    seminar = make_seminar(make_venue(), capacity=10)
    for number in range(registered):
        seminar_services.register(seminar.id, guest_name=f"Gast {number}", guest_phone="069 123456")
    db.session.commit()
    [listed] = client.get("/api/v1/seminars").get_json()["seminars"]
    assert listed["seats_left"] == published
    [row] = list(
        csv.DictReader(io.StringIO(client.get("/api/v1/seminars.csv").get_data(as_text=True)))
    )
    assert row["seats_left"] == ("" if published is None else str(published))
    page = client.get(f"/de/seminars/{seminar.id}/").get_data(as_text=True)
    if published is None:
        assert "remainingAttendeeCapacity" not in page
    else:
        assert f'"remainingAttendeeCapacity": {published}' in page
