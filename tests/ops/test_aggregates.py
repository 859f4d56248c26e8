"""Figures summed over whole tables are kept for a while (app/aggregates.py): at city scale they
take seconds, and the open data and reports must not compute them on every request."""

from __future__ import annotations

import contextlib

from app.caches import forget
from app.content.reading import course_detail
from app.extensions import db
from app.learn import services as learn
from app.models import Role
from tests.factories import make_user
from tests.test_reports import sign_in


@contextlib.contextmanager
def kept_for(app, seconds: float):
    app.config["AGGREGATES_CACHE_SECONDS"] = seconds
    forget(app, "aggregates")
    try:
        yield
    finally:
        app.config["AGGREGATES_CACHE_SECONDS"] = 0
        forget(app, "aggregates")


def enroll_five() -> None:
    detail = course_detail("online-termin", ["de"])
    for number in range(5):
        learn.enroll(make_user(username=f"k{number}", language="tr"), detail.course)
    db.session.commit()


def enrolled_total(statistics: dict) -> int:
    return sum(row["count"] or 0 for row in statistics["enrollments"])


def test_open_data_statistics_are_computed_once_per_interval(app, client, count_queries):
    with kept_for(app, 3600):
        first = client.get("/api/v1/statistics")
        enroll_five()
        with count_queries() as counter:
            again = client.get("/api/v1/statistics")
        assert counter.count == 0, counter.statements
        assert again.get_data() == first.get_data()  # the same document, generated_at included
        assert again.headers["Link"] == first.headers["Link"]
    # Once the interval has passed, the new enrollments count.
    assert enrolled_total(client.get("/api/v1/statistics").get_json()) == 5


def test_reports_say_how_old_their_figures_are_and_keep_them(app, client, count_queries):
    make_user(username="gina", role=Role.ADMIN)
    sign_in(client, "gina")
    with kept_for(app, 3600):
        html = client.get("/en/admin/reports/").get_data(as_text=True)
        assert "Figures as of" in html
        with count_queries() as counter:
            client.get("/en/admin/reports/")
            client.get("/en/admin/reports/months.csv")
        # Only the signed-in admin is loaded: no report query runs again.
        assert all("enrollment" not in statement for statement in counter.statements)
