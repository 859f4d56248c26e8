"""Pages kept for visitors without an account (app/page_cache.py): fast, and never wrong.

The whole suite runs with the cache on; these tests look at what it must never get wrong: another
visitor's choices, a signed-in learner's page, guest progress, messages, forms, and new content.
"""

from __future__ import annotations

import re

import pytest
from flask import g

from app.content.importer import import_courses
from app.extensions import db
from app.page_cache import EXTENSION, PageCache
from tests.cities.test_cities import DARMSTADT_APPOINTMENTS as DARMSTADT
from tests.cities.test_cities import WIESBADEN_APPOINTMENTS as WIESBADEN
from tests.conftest import IsolatedClient
from tests.content.factories import CITY, LESSON_1, valid_tree, write
from tests.web import CSRF_RE, csrf_token

LESSON = "/de/courses/online-termin/termin-seite-finden/"  # with `city:` links
CHECK_LESSON = "/de/courses/online-ausweis/was-sie-brauchen/"


def without_token(html: str) -> str:
    return CSRF_RE.sub("", html)


def token_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no form token on the page"
    return match.group(1) or match.group(2)


def test_a_second_visitor_gets_the_same_page_without_rendering_it(app, count_queries):
    first = IsolatedClient(app, use_cookies=True).get(CHECK_LESSON).get_data(as_text=True)
    with count_queries() as counter:
        again = IsolatedClient(app, use_cookies=True).get(CHECK_LESSON)
    assert again.status_code == 200
    assert without_token(again.get_data(as_text=True)) == without_token(first)
    # Only the content version is read (the suite reads it on every request).
    assert counter.count == 1, counter.statements


def test_each_visitor_gets_a_token_of_their_own_and_the_forms_work(app):
    anna, ben = IsolatedClient(app, use_cookies=True), IsolatedClient(app, use_cookies=True)
    anna_token = token_of(anna.get(CHECK_LESSON).get_data(as_text=True))
    ben_token = token_of(ben.get(CHECK_LESSON).get_data(as_text=True))
    assert "placeholder" not in anna_token and "placeholder" not in ben_token
    # Ben's page came from the cache; his token is his, Anna's is not.
    assert ben.post(CHECK_LESSON + "done", data={"csrf_token": anna_token}).status_code == 400
    done = ben.post(CHECK_LESSON + "done", data={"csrf_token": ben_token})
    assert done.status_code == 302


def test_guest_progress_and_messages_are_never_served_from_another_visitors_page(app):
    guest, stranger = IsolatedClient(app, use_cookies=True), IsolatedClient(app, use_cookies=True)
    stranger.get(CHECK_LESSON)  # the plain page is now kept
    token = csrf_token(guest)
    done = guest.post(CHECK_LESSON + "done", data={"csrf_token": token}, follow_redirects=True)
    assert "ist als erledigt markiert" in done.get_data(as_text=True)  # the flashed message
    course = guest.get("/de/courses/online-ausweis/").get_data(as_text=True)
    assert "lesson-list__item--done" in course
    # The guest's own progress did not leak into what the next visitor gets.
    fresh = IsolatedClient(app, use_cookies=True).get("/de/courses/online-ausweis/")
    assert "lesson-list__item--done" not in fresh.get_data(as_text=True)


def test_signed_in_learners_get_their_own_page_and_it_is_never_kept(app, learner):
    IsolatedClient(app, use_cookies=True).get(LESSON)
    maria = IsolatedClient(app, use_cookies=True)
    token = csrf_token(maria)
    maria.post(
        "/de/account/sign-in",
        data={"username": "maria", "password": "correct horse battery", "csrf_token": token},
    )
    assert "Abmelden" in maria.get(LESSON).get_data(as_text=True)
    assert "Abmelden" not in IsolatedClient(app, use_cookies=True).get(LESSON).get_data(
        as_text=True
    )


def test_visitors_with_different_cities_get_their_citys_link(app):
    pages = {}
    for slug in ("wiesbaden", "darmstadt", None):
        visitor = IsolatedClient(app, use_cookies=True)
        if slug:
            visitor.set_cookie("city", slug)
        pages[slug] = visitor.get(LESSON).get_data(as_text=True)
    assert WIESBADEN in pages["wiesbaden"] and DARMSTADT not in pages["wiesbaden"]
    assert DARMSTADT in pages["darmstadt"] and WIESBADEN not in pages["darmstadt"]
    assert WIESBADEN in pages[None] and DARMSTADT in pages[None]


def test_display_settings_are_part_of_the_page_kept(app):
    plain = IsolatedClient(app, use_cookies=True).get("/de/").get_data(as_text=True)
    large = IsolatedClient(app, use_cookies=True)
    large.set_cookie("display", "large,high")
    html = large.get("/de/").get_data(as_text=True)
    assert 'class="text-large contrast-high"' in html
    assert "text-large" not in plain


def test_a_changed_city_profile_shows_at_once(app, empty_content, tmp_path):
    """City profiles change by import, like lessons: pages and the kept list of cities follow."""
    valid_tree(tmp_path)
    courses = tmp_path / "courses"
    import_courses(courses)
    db.session.commit()
    visitor = IsolatedClient(app, use_cookies=True)
    visitor.set_cookie("city", "wiesbaden")
    url = "/de/courses/testkurs/erste/"
    for _ in range(2):  # the second page comes from what the process keeps
        assert "example.org/wiesbaden/termin" in visitor.get(url).get_data(as_text=True)
    write(courses, {"_cities/wiesbaden.toml": CITY.format(name="Wiesbaden", slug="neu.wiesbaden")})
    import_courses(courses)
    db.session.commit()
    html = visitor.get(url).get_data(as_text=True)
    assert "example.org/neu.wiesbaden/termin" in html
    assert "example.org/wiesbaden/termin" not in html


def test_an_import_that_changes_a_lesson_shows_at_once(app, empty_content, tmp_path):
    valid_tree(tmp_path)
    import_courses(tmp_path / "courses")
    db.session.commit()
    visitor = IsolatedClient(app, use_cookies=True)
    url = "/de/courses/testkurs/erste/"
    assert "Erste Lektion" in visitor.get(url).get_data(as_text=True)
    changed = LESSON_1.replace('title = "Erste Lektion"', 'title = "Die neue erste Lektion"')
    write(tmp_path / "courses", {"testkurs/de/01-erste.md": changed})
    import_courses(tmp_path / "courses")
    db.session.commit()
    assert "Die neue erste Lektion" in visitor.get(url).get_data(as_text=True)


def test_the_content_version_is_read_at_most_once_per_interval(app, count_queries):
    visitor = IsolatedClient(app, use_cookies=True)
    visitor.get(LESSON)
    app.config["CONTENT_RECHECK_SECONDS"] = 3600
    try:
        visitor.get(LESSON)  # reads the version once more, and keeps it
        with count_queries() as counter:
            assert visitor.get(LESSON).status_code == 200
        assert counter.count == 0, counter.statements
    finally:
        app.config["CONTENT_RECHECK_SECONDS"] = 0


def test_pages_that_failed_are_not_kept(app):
    visitor = IsolatedClient(app, use_cookies=True)
    assert visitor.get("/de/courses/online-termin/gibt-es-nicht/").status_code == 404
    cache = app.extensions[EXTENSION]
    assert not any("gibt-es-nicht" in key[0][2] for key in cache.kept_keys())


def test_the_cache_keeps_only_the_most_recently_used_pages():
    cache = PageCache(max_entries=2)
    for name in ("a", "b"):
        cache.put((name,), object())  # type: ignore[arg-type]
    cache.get(("a",))
    cache.put(("c",), object())  # type: ignore[arg-type]
    assert cache.get(("b",)) is None
    assert cache.get(("a",)) is not None and cache.get(("c",)) is not None


@pytest.mark.parametrize("path", [LESSON, "/de/", "/de/courses/online-termin/"])
def test_no_placeholder_ever_reaches_a_visitor(app, path):
    for _ in range(2):  # rendered, then from the cache
        html = IsolatedClient(app, use_cookies=True).get(path).get_data(as_text=True)
        assert not re.search(r"csrf-placeholder-", html)
    with app.test_request_context():
        assert "csrf_token" not in g
