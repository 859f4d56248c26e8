"""Completing a course: certificates survive retired lessons, retired courses and double clicks."""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from app.content.reading import course_detail
from app.content.version import bump_content_revision
from app.extensions import db
from app.learn import services
from app.models import Course, Lesson, LessonProgress, utcnow
from tests.factories import PASSWORD, finish_practices, make_user

COURSE = "online-ausweis"


def test_retiring_the_only_lesson_left_completes_the_course(client, auth, signed_in):
    detail = course_detail(COURSE, ["en"])
    *done, last = detail.lessons
    finish_practices(signed_in, COURSE)
    for entry in done:
        services.mark_done(signed_in, entry.lesson)
    db.session.commit()
    assert client.get(f"/en/my/certificates/{COURSE}/").status_code == 404
    lesson = db.session.get(Lesson, last.lesson.id)
    lesson.retired_at = utcnow()
    bump_content_revision()  # as an import that retires a lesson does
    db.session.commit()
    try:
        assert client.get(f"/en/my/certificates/{COURSE}/").status_code == 200
        assert "Show your certificate" in client.get(f"/en/courses/{COURSE}/").get_data(
            as_text=True
        )
    finally:
        lesson.retired_at = None
        bump_content_revision()
        db.session.commit()


def test_a_certificate_stays_when_its_course_is_retired(client, auth, signed_in):
    finish_practices(signed_in, COURSE)
    for entry in course_detail(COURSE, ["en"]).lessons:
        services.mark_done(signed_in, entry.lesson)
    course = db.session.scalar(select(Course).where(Course.slug == COURSE))
    course.retired_at = utcnow()
    bump_content_revision()
    db.session.commit()
    try:
        assert client.get(f"/en/my/certificates/{COURSE}/").status_code == 200
        assert f"/en/my/certificates/{COURSE}/" in client.get("/en/my/").get_data(as_text=True)
        assert client.get(f"/en/courses/{COURSE}/").status_code == 404
    finally:
        course.retired_at = None
        bump_content_revision()
        db.session.commit()


class LiveServer:
    """The app served by a real threaded HTTP server, as the development server does."""

    def __init__(self, app) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class Browser:
    """One visitor: a cookie jar, no automatic redirects."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path) as response:
            return response.read().decode()

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, body) as response:
                return response.status
        except urllib.error.HTTPError as error:
            error.close()
            return error.code

    def token(self, path: str) -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', self.get(path)).group(1)


@pytest.fixture
def live(app):
    with LiveServer(app) as server:
        yield server


def _signed_in_browser(live) -> Browser:
    browser = Browser(live.url)
    token = browser.token(f"/en/courses/{COURSE}/was-sie-brauchen/")
    assert (
        browser.post(
            "/en/account/sign-in", {"username": "maria", "password": PASSWORD, "csrf_token": token}
        )
        == 302
    )
    return browser


def _together(*calls) -> list:
    results = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_a_double_click_on_mark_as_done_is_harmless(live):
    make_user()
    browser = _signed_in_browser(live)
    path = f"/en/courses/{COURSE}/was-ist-der-online-ausweis/"
    token = browser.token(path)
    for _ in range(5):
        statuses = _together(*[lambda: browser.post(path + "done", {"csrf_token": token})] * 2)
        assert statuses == [302, 302]
    db.session.commit()
    assert db.session.scalar(select(func.count(LessonProgress.id))) == 1


def test_finishing_the_last_two_lessons_at_once_still_completes_the_course(live):
    user = make_user()
    detail = course_detail(COURSE, ["en"])
    *first, before_last, last = detail.lessons
    finish_practices(user, COURSE)
    for entry in first:
        services.mark_done(user, entry.lesson)
    db.session.commit()
    browser = _signed_in_browser(live)
    token = browser.token(f"/en/courses/{COURSE}/")
    paths = [f"/en/courses/{COURSE}/{entry.lesson.slug}/done" for entry in (before_last, last)]
    db.session.commit()  # outside a request the test's session takes SQLite's write lock: release it
    statuses = _together(*[lambda p=p: browser.post(p, {"csrf_token": token}) for p in paths])
    assert statuses == [302, 302]
    assert "Completed on" in browser.get("/en/my/")
    assert "Certificate" in browser.get(f"/en/my/certificates/{COURSE}/")
