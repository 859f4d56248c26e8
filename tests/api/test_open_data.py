"""Open data: documented by an OpenAPI description that the responses are validated against,
licensed, and never personal; statistics suppress every count below 5."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from sqlalchemy import select

from app.extensions import db
from app.models import Attendance, City, Course, Enrollment, utcnow
from app.seminars import services as seminar_services
from tests.factories import make_seminar, make_user, make_venue

SPEC_URI = "urn:lernlotse:openapi"


@pytest.fixture
def spec(client):
    """The description as the site serves it."""
    response = client.get("/api/v1/openapi.yaml")
    assert response.status_code == 200
    return yaml.safe_load(response.get_data(as_text=True))


def schema_of(spec, path: str) -> Draft202012Validator:
    """A validator for the 200 response of GET *path*, resolving the description's $refs."""
    registry = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec))
    schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    ref = schema["$ref"].lstrip("#")
    return Draft202012Validator(
        {"$ref": f"{SPEC_URI}#{ref}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def test_the_openapi_description_is_valid(spec):
    validate_spec(spec)


@pytest.fixture
def people():
    """People with names, addresses and phone numbers that must never reach open data."""
    frankfurt = db.session.scalar(select(City).where(City.slug == "frankfurt"))
    seminar = make_seminar(make_venue(), title="Online-Ausweis gemeinsam")
    learner = make_user(
        username="hannelore", display_name="Hannelore Beispielfrau", email="hanne@example.org"
    )
    learner.city_id = frankfurt.id
    db.session.commit()
    seminar_services.register(seminar.id, user=learner)
    seminar_services.register(
        seminar.id, guest_name="Kemal Musterkunde", guest_phone="0151 2345678"
    )
    db.session.commit()
    return [
        "hannelore",
        "Hannelore Beispielfrau",
        "hanne@example.org",
        "Kemal Musterkunde",
        "2345678",
    ]


ENDPOINTS = ["/courses", "/seminars", "/statistics"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_response_matches_the_description_and_states_the_licence(client, spec, people, path):
    response = client.get(f"/api/v1{path}")
    assert response.status_code == 200
    body = response.get_json()
    errors = [error.message for error in schema_of(spec, path).iter_errors(body)]
    assert errors == []
    assert body["license"]["id"] == "dl-de/by-2-0"
    assert response.headers["Link"] == '<https://www.govdata.de/dl-de/by-2-0>; rel="license"'


def test_the_description_does_find_a_wrong_response(spec):
    wrong = {"license": {"id": "cc-by"}, "attribution": "x", "generated_at": "now", "courses": [{}]}
    assert len(list(schema_of(spec, "/courses").iter_errors(wrong))) >= 3


def test_nothing_personal_is_ever_in_open_data(client, people):
    bodies = []
    for path in ["/courses", "/courses.csv", "/seminars", "/seminars.csv", "/statistics"]:
        response = client.get(f"/api/v1{path}")
        assert response.status_code == 200
        bodies.append(response.get_data(as_text=True))
    seminar_page = client.get("/de/seminars/").get_data(as_text=True)
    for url in re.findall(r'href="(/de/seminars/\d+/)"', seminar_page):
        bodies.append(
            client.get(url).get_data(as_text=True).split('type="application/ld+json">')[1]
        )
    everything = "\n".join(bodies)
    for personal in people:
        assert personal not in everything


def test_the_seminar_list_has_the_offer_with_seats_and_venue_accessibility(client, people):
    [seminar] = client.get("/api/v1/seminars?city=frankfurt").get_json()["seminars"]
    assert seminar["title"] == "Online-Ausweis gemeinsam"
    # Two people registered: the free seats would tell, so they are withheld (docs/open-data.md).
    assert seminar["seats_left"] is None
    assert seminar["venue"]["step_free"] is True
    assert client.get("/api/v1/seminars?city=darmstadt").get_json()["seminars"] == []


def test_csv_has_a_header_and_one_row_per_course_and_language(client):
    response = client.get("/api/v1/courses.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    termin = [row for row in rows if row["course"] == "online-termin"]
    assert {row["language"] for row in termin} == {
        "de",
        "de-x-ls",
        "en",
        "tr",
        "ar",
        "fa",
        "uk",
        "ru",
        "pl",
    }
    assert all(row["url"].endswith(f"/{row['language']}/courses/online-termin/") for row in termin)


def _enroll(count: int, course: str, city: str, language: str = "tr", done: bool = False) -> None:
    course_id = db.session.scalar(select(Course.id).where(Course.slug == course))
    city_id = db.session.scalar(select(City.id).where(City.slug == city))
    for _ in range(count):
        user = make_user(username=f"u{_enroll.counter}", language=language)
        _enroll.counter += 1
        user.city_id = city_id
        db.session.add(
            Enrollment(
                user_id=user.id, course_id=course_id, completed_at=utcnow() if done else None
            )
        )
    db.session.commit()


_enroll.counter = 0


def test_statistics_suppress_every_count_below_five(client):
    _enroll(5, "online-termin", "wiesbaden", done=True)
    _enroll(4, "online-termin", "darmstadt")
    month = utcnow().strftime("%Y-%m")
    stats = client.get("/api/v1/statistics").get_json()
    cells = {(c["course"], c["city"], c["language"]): c for c in stats["enrollments"]}
    assert cells[("online-termin", "wiesbaden", "tr")] == {
        "month": month, "course": "online-termin", "language": "tr", "city": "wiesbaden",
        "count": 5, "suppressed": False,
    }  # fmt: skip
    assert cells[("online-termin", "darmstadt", "tr")]["count"] is None
    assert cells[("online-termin", "darmstadt", "tr")]["suppressed"] is True
    [completed] = stats["completions"]
    assert (completed["city"], completed["count"]) == ("wiesbaden", 5)
    assert stats["suppression"]["threshold"] == 5


def test_seminar_attendance_counts_by_the_seminars_city(client):
    seminar = make_seminar(make_venue("darmstadt", town="Darmstadt", postcode="64283"))
    registrations = [
        seminar_services.register(seminar.id, guest_name=f"Gast {number}", guest_phone="069 1")
        for number in range(6)
    ]
    # The seminar took place; the trainer marked everyone as attended.
    seminar.starts_at = utcnow() - timedelta(hours=3)
    seminar.ends_at = utcnow() - timedelta(hours=1)
    for registration in registrations:
        registration.attendance = Attendance.ATTENDED
    db.session.commit()
    [cell] = client.get("/api/v1/statistics").get_json()["seminar_attendance"]
    assert (cell["city"], cell["course"], cell["count"]) == ("darmstadt", "online-termin", 6)


def test_course_and_seminar_pages_describe_themselves_in_json_ld(client, people):
    course = client.get("/tr/courses/online-termin/").get_data(as_text=True)
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', course, re.S).group(1)
    )
    assert data["@type"] == "Course" and data["inLanguage"] == "tr"
    assert data["url"].endswith("/tr/courses/online-termin/")
    seminar_url = re.search(
        r'href="(/de/seminars/\d+/)"', client.get("/de/seminars/").get_data(as_text=True)
    ).group(1)
    page = client.get(seminar_url).get_data(as_text=True)
    event = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    )
    assert event["@type"] == "Event"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"]["address"]["addressLocality"] == "Frankfurt am Main"
    assert "remainingAttendeeCapacity" not in event  # two registered: withheld, as in the API
