"""The public schedule, seminar pages, registration over HTTP, and calendar files."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from app.extensions import db
from app.models import Registration, RegistrationStatus
from app.seminars import services
from tests.factories import make_seminar, make_venue
from tests.web import csrf_token


def test_schedule_lists_upcoming_seminars_with_seats_and_accessibility(client, seminar):
    html = client.get("/de/seminars/").get_data(as_text=True)
    assert seminar.title in html
    assert "10 Plätze frei" in html or "10 seats left" in html
    assert "Stufenloser Zugang" in html or "Step-free access" in html
    assert seminar.venue.address in html


def test_schedule_filters_by_city_language_course_and_date(client, seminar):
    other = make_seminar(
        make_venue("wiesbaden", town="Wiesbaden", postcode="65183"),
        language="ar",
        title="حجز موعد",
        course=None,
    )

    def titles(query: str) -> tuple[bool, bool]:
        html = client.get("/en/seminars/" + query).get_data(as_text=True)
        return seminar.title in html, other.title in html

    assert titles("") == (True, True)
    assert titles("?city=wiesbaden") == (False, True)
    assert titles("?language=de") == (True, False)
    assert titles(f"?course={seminar.course_id}") == (True, False)
    assert titles("?course=999999") == (True, True)  # no such course: no course filter
    day = seminar.starts_at.astimezone(services.BERLIN).date()
    assert titles(f"?day={day.isoformat()}") == (True, True)
    assert titles(f"?day={(day + timedelta(days=1)).isoformat()}") == (False, False)
    assert client.get("/en/seminars/?day=not-a-date&city=nowhere").status_code == 200


def test_seminar_page_shows_everything_a_participant_needs(client, seminar):
    html = client.get(f"/en/seminars/{seminar.id}/").get_data(as_text=True)
    assert "https://www.openstreetmap.org/search?query=" in html
    assert f"/en/seminars/{seminar.id}/calendar.ics" in html
    assert "/en/courses/online-termin/" in html
    assert "Register for this seminar" in html


def test_registration_needs_an_account(client, seminar):
    response = client.post(
        f"/en/seminars/{seminar.id}/register", data={"csrf_token": csrf_token(client)}
    )
    assert response.headers["Location"] == f"/en/account/sign-in?next=/en/seminars/{seminar.id}/"


def test_register_and_cancel_over_http(client, auth, signed_in, seminar):
    response = auth.post(f"/en/seminars/{seminar.id}/register", follow_redirects=True)
    assert "Your seat is booked." in response.get_data(as_text=True)
    again = auth.post(f"/en/seminars/{seminar.id}/register", follow_redirects=True)
    assert "already registered" in again.get_data(as_text=True)
    my_page = client.get("/en/my/").get_data(as_text=True)
    main = my_page.split("<main", 1)[1]
    assert '<h2 id="my-seminars">My seminars</h2>' in main
    assert seminar.title in main.split('id="my-seminars"', 1)[1]
    response = auth.post(f"/en/seminars/{seminar.id}/cancel", follow_redirects=True)
    assert "Your registration is cancelled." in response.get_data(as_text=True)
    status = db.session.scalar(select(Registration.status))
    assert status is RegistrationStatus.CANCELLED


def test_a_full_seminar_offers_the_waitlist_and_says_the_position(client, auth, signed_in, seminar):
    seminar.capacity = 1
    db.session.commit()
    services.register(seminar.id, guest_name="Frau Yıldız", guest_phone="0611 2345678")
    db.session.commit()
    page = client.get(f"/en/seminars/{seminar.id}/").get_data(as_text=True)
    assert "Join the waitlist" in page
    auth.post(f"/en/seminars/{seminar.id}/register")
    assert "You are number 1 on the waitlist." in client.get(
        f"/en/seminars/{seminar.id}/"
    ).get_data(as_text=True)


def test_calendar_file_is_valid_icalendar_in_berlin_time(client, seminar):
    response = client.get(f"/de/seminars/{seminar.id}/calendar.ics")
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == seminar.title
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Berlin"
    assert start == seminar.starts_at
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(event["uid"]).startswith(f"seminar-{seminar.id}@")


def test_calendar_feed_by_city_and_language(client, seminar):
    other = make_seminar(
        make_venue("darmstadt", town="Darmstadt", postcode="64283"), language="tr", title="Randevu"
    )

    def summaries(query: str) -> set[str]:
        calendar = Calendar.from_ical(client.get("/seminars.ics" + query).data)
        return {str(event["summary"]) for event in calendar.walk("VEVENT")}

    assert summaries("") == {seminar.title, other.title}
    assert summaries("?city=darmstadt") == {other.title}
    assert summaries("?lang=de") == {seminar.title}
    assert client.get("/seminars.ics?city=atlantis").status_code == 404


def test_my_courses_lists_upcoming_seminars(client, auth, signed_in, seminar):
    services.register(seminar.id, user=signed_in)
    db.session.commit()
    html = client.get("/en/my/").get_data(as_text=True)
    assert "You have a seat." in html
    assert seminar.title in html


def test_calendar_files_have_the_properties_rfc_5545_requires(client, seminar):
    for url in (
        f"/en/seminars/{seminar.id}/calendar.ics",
        "/seminars.ics",
        "/seminars.ics?city=wiesbaden",
    ):
        body = client.get(url).data
        assert b"\r\n" in body and b"\n\n" not in body  # CRLF line endings
        calendar = Calendar.from_ical(body)
        assert str(calendar["version"]) == "2.0" and "prodid" in calendar
        assert calendar.subcomponents, f"{url}: a calendar needs at least one component"
        for event in calendar.walk("VEVENT"):
            for required in ("uid", "dtstamp", "dtstart"):
                assert required in event, (url, required)
            assert event.decoded("dtstamp").utcoffset().total_seconds() == 0


def test_a_course_page_leads_to_its_seminars_and_the_filter_can_be_left(client, seminar):
    course_page = client.get("/en/courses/online-termin/").get_data(as_text=True)
    link = f'<a href="/en/seminars/?course={seminar.course_id}">'
    assert link + "Learn it with a trainer: seminars on this course</a>" in course_page
    html = client.get(f"/en/seminars/?course={seminar.course_id}&city=").get_data(as_text=True)
    assert "Only seminars on the online course “" in html
    # The filter travels with the form, and one link leaves it (keeping the other choices).
    assert f'name="course" type="hidden" value="{seminar.course_id}"' in html
    assert '<a href="/en/seminars/?city=">Show seminars on every course</a>' in html
    assert 'name="course"' not in client.get("/en/seminars/").get_data(as_text=True)
