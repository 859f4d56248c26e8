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


def test_while_one_request_computes_the_figures_again_the_others_get_the_kept_ones(app):
    """At city scale the sums take seconds: an admin opening the reports while another request
    recomputes them sees the figures kept so far at once, not after waiting seconds too."""
    import threading
    import time

    from app.aggregates import kept

    started, release = threading.Event(), threading.Event()

    def slow_sums():
        started.set()
        assert release.wait(10)
        return "new figures"

    def in_app(function):
        with app.app_context():
            return function()

    with kept_for(app, 3600):
        assert in_app(lambda: kept(("test",), lambda: "old figures")).value == "old figures"
        app.config["AGGREGATES_CACHE_SECONDS"] = 0.01
        time.sleep(0.02)  # the kept figures are now older than the interval
        results = []
        worker = threading.Thread(
            target=lambda: results.append(in_app(lambda: kept(("test",), slow_sums)).value)
        )
        worker.start()
        assert started.wait(10)
        began = time.monotonic()
        other = in_app(lambda: kept(("test",), lambda: "computed twice"))
        assert other.value == "old figures" and time.monotonic() - began < 1
        release.set()
        worker.join(10)
        app.config["AGGREGATES_CACHE_SECONDS"] = 3600
        assert results == ["new figures"]
        assert in_app(lambda: kept(("test",), lambda: "computed twice")).value == "new figures"
