"""Corrections reach every reader: two app processes (gunicorn) share one database, each keeps
pages for visitors; `flask courses import` changes a lesson, a translation, a course title, a site
page, a city profile and an image, and both serve every change within CONTENT_RECHECK_SECONDS."""

from __future__ import annotations

import shutil
import time

import pytest
import requests

from app.content.importer import import_courses
from app.extensions import db
from tests.factories import COURSES
from tests.servers import app_server, server_environment

RECHECK_SECONDS = 1
LESSON = "/de/courses/online-termin/termin-seite-finden/"

#: page → (text before the import, text after it), each read as a visitor without an account.
CHANGES = {
    LESSON: ("Oder Sie sind umgezogen?", "Oder sind Sie umgezogen?"),
    "/tr/courses/online-termin/termin-seite-finden/": ("Şehrinizde", "Düzeltildi: Şehrinizde"),
    "/de/": ("Phishing erkennen und sichere Passwörter", "Phishing erkennen, neu gefasst"),
    "/de/leichte-sprache": ("Was ist Lernlotse?", "Was ist Lernlotse genau?"),
    # A lesson with a city: link, for a visitor who chose Frankfurt.
    LESSON + "#frankfurt": (
        "https://frankfurt.de/buergeramt_termine",
        "https://frankfurt.de/termine-neu",
    ),
    "/media/sicher-online/de/phishing-mail.svg": ("</svg>", "<!-- neu --></svg>"),
}


def edit(tree, relative: str, old: str, new: str) -> None:
    path = tree / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fetch(base: str, page: str) -> str:
    path, _, anchor = page.partition("#")
    cookies = {"city": anchor} if anchor else {}
    response = requests.get(base + path, cookies=cookies, timeout=10)
    assert response.status_code == 200, page
    return response.text


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "courses"
    shutil.copytree(COURSES, root)
    yield root
    # Back to the demo courses, for the tests after this one.
    import_courses(COURSES)
    db.session.commit()


def test_an_import_shows_on_every_server_within_the_recheck_interval(app, tree):
    env = server_environment(
        app, COURSES_DIR=str(tree), CONTENT_RECHECK_SECONDS=str(RECHECK_SECONDS)
    )
    with app_server(env) as first, app_server(env) as second:
        for base in (first, second):
            for page, (before, after) in CHANGES.items():
                # Twice: the second answer comes from the server's page cache where it has one.
                for _ in range(2):
                    html = fetch(base, page)
                    assert before in html and after not in html, (base, page)

        edit(tree, "online-termin/de/01-termin-seite-finden.md", *CHANGES[LESSON])
        edit(
            tree,
            "online-termin/tr/01-termin-seite-finden.md",
            "Şehrinizde",
            "Düzeltildi: Şehrinizde",
        )
        edit(
            tree,
            "sicher-online/de/course.md",
            'title = "Phishing erkennen und sichere Passwörter"',
            'title = "Phishing erkennen, neu gefasst"',
        )
        edit(tree, "_pages/leichte-sprache.md", "Was ist Lernlotse?", "Was ist Lernlotse genau?")
        edit(tree, "_cities/frankfurt.toml", "buergeramt_termine", "termine-neu")
        edit(tree, "sicher-online/de/phishing-mail.svg", "</svg>", "<!-- neu --></svg>")
        import_courses(tree)
        db.session.commit()
        imported = time.monotonic()

        waiting = {(base, page) for base in (first, second) for page in CHANGES}
        while waiting and time.monotonic() - imported < RECHECK_SECONDS + 5:
            for base, page in sorted(waiting):
                if CHANGES[page][1] in fetch(base, page):
                    waiting.discard((base, page))
            time.sleep(0.2)
        assert waiting == set(), "still the old content"
        # Within the interval (and the time the requests themselves took), not at the next restart.
        assert time.monotonic() - imported < RECHECK_SECONDS + 5


def test_an_import_that_changes_nothing_keeps_the_revision(app):
    from app.content.version import content_version

    before = content_version()
    import_courses(COURSES)
    db.session.commit()
    assert content_version() == before
