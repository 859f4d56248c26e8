"""The edge (app/edge.py): numbers, control characters and bodies are dealt with before any view."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter

from app.edge import DB_INT_MAX, whole_number
from app.extensions import db
from app.models import BarrierReport
from tests.web import csrf_token


def test_every_integer_in_a_route_is_bounded_by_the_database(app):
    converters = [
        converter
        for rule in app.url_map.iter_rules()
        for converter in rule._converters.values()
        if isinstance(converter, IntegerConverter)
    ]
    assert len(converters) >= 10
    assert all(c.min == 0 and c.max == DB_INT_MAX for c in converters)


def test_an_id_beyond_the_database_is_not_found(client):
    assert client.get("/de/seminars/99999999999999999999/").status_code == 404
    assert client.get(f"/de/seminars/{DB_INT_MAX + 1}/").status_code == 404


@given(st.text(max_size=30))
def test_whole_number_accepts_exactly_what_int_accepts_within_bounds(text):
    number = whole_number(text, minimum=1, maximum=1000)
    try:
        expected = int(text.strip())
    except ValueError:
        expected = None
    if (
        expected is not None
        and not (1 <= expected <= 1000)
        or any(
            ch in text
            for ch in "+_"  # int() allows "+5" and "1_000"; a form field should not
        )
    ):
        expected = None
    assert number == expected


def test_whole_number_takes_digits_from_an_arabic_keyboard_but_not_superscripts():
    assert whole_number("١٢") == 12
    assert whole_number("²") is None
    assert whole_number("9" * 5000) is None  # int() itself would refuse it, after a while
    assert whole_number(True) is None


def test_an_address_with_a_control_character_is_refused(client):
    assert client.get("/de/seminars/?page=1%00").status_code == 400
    assert client.get("/de/courses/online-termin%0d%0a/").status_code in (400, 404)


def test_control_characters_are_taken_out_of_form_values_but_line_breaks_stay(client):
    response = client.post(
        "/de/report-a-barrier",
        data={
            "page": "/de/\x00",
            "message": "Zeile eins\r\nZeile\x07 zwei\x00",
            "csrf_token": csrf_token(client, "/de/report-a-barrier"),
        },
    )
    assert response.status_code == 302
    report = db.session.scalar(db.select(BarrierReport))
    assert report.page == "/de/"
    assert report.message == "Zeile eins\nZeile zwei"


def test_a_cookie_with_a_control_character_is_ignored(client):
    client.set_cookie("city", "frankfurt\x00")
    response = client.get("/de/seminars/")
    assert response.status_code == 200
