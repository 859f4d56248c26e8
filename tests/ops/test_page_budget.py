"""Pages stay light (HTML + CSS + JS under 50 KB, no web fonts) and their number of SQL queries
does not grow with the data behind them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.content.reading import course_detail
from app.extensions import db
from app.learn import services as learn
from app.models import Role, utcnow
from tests.factories import make_seminar, make_trainer, make_user, make_venue

BUDGET = 50 * 1024


def weight(client, path: str) -> int:
    html = client.get(path).get_data()
    total = len(html)
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+)"', html):
        with client.get(asset.decode()) as response:
            total += len(response.get_data())
    return total


@pytest.mark.parametrize(
    "path",
    [
        "/de/",
        "/ar/courses/online-termin/",
        "/de/courses/online-termin/termin-buchen/",
        "/de/seminars/",
        "/de/cities/frankfurt/",
        "/de/accessibility",
        "/de/privacy",
    ],
)
def test_pages_weigh_less_than_50_kb_with_css_and_js(client, path):
    venue = make_venue()
    for number in range(12):
        make_seminar(venue, title=f"Seminar {number}")
    assert weight(client, path) < BUDGET


def test_my_courses_and_reports_weigh_less_than_50_kb(client, auth):
    make_user(username="chefin", role=Role.ADMIN)
    auth.sign_in("chefin")
    for path in ("/de/my/", "/de/admin/reports/", "/de/admin/staff/"):
        assert weight(client, path) < BUDGET, path


def test_no_web_fonts(client):
    with client.get("/static/lernlotse.css") as css:
        assert b"@font-face" not in css.get_data()
    assert b".woff" not in client.get("/de/").get_data()


def _queries(client, count_queries, path: str) -> int:
    client.get(path)  # warm-up
    with count_queries() as counter:
        client.get(path)
    return counter.count


@pytest.mark.parametrize("path", ["/de/seminars/", "/de/cities/frankfurt/"])
def test_seminar_pages_make_the_same_queries_for_two_or_twenty_seminars(
    client, count_queries, path
):
    venue = make_venue()
    for number in range(2):
        make_seminar(venue, title=f"Seminar {number}")
    few = _queries(client, count_queries, path)
    for number in range(2, 20):
        make_seminar(venue, title=f"Seminar {number}")
    assert _queries(client, count_queries, path) == few <= 10


def test_the_reports_make_the_same_queries_for_few_or_many_learners(client, auth, count_queries):
    make_user(username="chefin", role=Role.ADMIN)
    auth.sign_in("chefin")
    course = course_detail("online-termin", ["de"])

    def learners(numbers):
        for number in numbers:
            learner = make_user(username=f"l{number}")
            learn.enroll(learner, course.course)
            learn.mark_done(learner, course.lessons[0].lesson)
        db.session.commit()

    learners([0])
    few = _queries(client, count_queries, "/de/admin/reports/")
    learners(range(1, 15))
    # 22 for learning and seminars, 4 for the learning groups (groups, joined, lessons, practices)
    assert _queries(client, count_queries, "/de/admin/reports/") == few <= 26


def test_a_trainers_pages_stay_light_with_a_busy_city(client, auth):
    """At city scale a city has hundreds of coming and past seminars: both lists come in pages."""
    make_trainer()
    venue = make_venue()
    for number in range(60):
        make_seminar(venue, title=f"Kommend {number}")
        past = make_seminar(venue, title=f"Vorbei {number}")
        past.starts_at = utcnow() - timedelta(days=1, hours=number % 20)
        past.ends_at = past.starts_at + timedelta(minutes=30)
    db.session.commit()
    auth.sign_in("tara")
    for path in ("/de/trainer/seminars/", "/de/trainer/seminars/past/"):
        assert weight(client, path) < BUDGET, path
