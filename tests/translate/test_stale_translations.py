"""A changed source makes its translations outdated; translators see what changed; updating fixes it.

End to end: course files → import → lesson page, translators' page, `flask translate status`.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.content.files import document_hash
from app.content.importer import import_courses
from app.extensions import db
from app.learn import services as learn
from app.models import Lesson, Role
from tests.content.factories import LESSON_1, translation, valid_tree, write
from tests.factories import PASSWORD, make_user
from tests.web import csrf_token

CHANGED = LESSON_1.replace(
    "Buchen Sie einen [Termin](city:appointments).",
    "Buchen Sie rechtzeitig einen [Termin](city:appointments).",
)


@pytest.fixture
def tree(tmp_path, empty_content, app):
    valid_tree(tmp_path)
    courses = tmp_path / "courses"
    write(courses, {"testkurs/en/01-erste.md": translation(LESSON_1, "First lesson")})
    import_courses(courses)
    db.session.commit()
    original = app.config["COURSES_DIR"]
    app.config["COURSES_DIR"] = str(courses)
    yield courses
    app.config["COURSES_DIR"] = original


def _sign_in(client, username: str) -> None:
    response = client.post(
        "/en/account/sign-in",
        data={
            "username": username,
            "password": PASSWORD,
            "csrf_token": csrf_token(client, "/en/courses/testkurs/erste/"),
        },
    )
    assert response.status_code == 302


def test_changed_source_outdates_translation_until_it_is_updated(client, runner, tree):
    learner = make_user(username="lea")
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "erste"))
    learn.mark_done(learner, lesson)
    db.session.commit()
    lesson_url = "/en/courses/testkurs/erste/"
    assert "original of this lesson has been updated" not in client.get(lesson_url).get_data(
        as_text=True
    )

    # 1. The German source changes and is imported again.
    write(tree, {"testkurs/de/01-erste.md": CHANGED})
    result = runner.invoke(args=["courses", "import"])
    assert result.exit_code == 0, result.output
    assert "this translation is outdated" in result.output

    # 2. Learners still get the English text, with a note, and keep their progress.
    html = client.get(lesson_url).get_data(as_text=True)
    assert re.search(r"<article class=\"lesson\"\s+data-read-aloud", html)  # English, no other lang
    assert "The German original of this lesson has been updated since it was translated." in html
    assert re.search(
        r'href="/de/courses/testkurs/erste/"\s+hreflang="de">Read the German original</a>', html
    )
    assert learn.done_lesson_ids(learner) == {lesson.id}

    # 3. `flask translate status` and the translators' page list it, with the word-level diff.
    status = runner.invoke(args=["translate", "status"])
    assert re.search(r"en\s+0 up to date,\s+1 outdated,\s+2 missing", status.output), status.output
    assert "outdated: erste" in status.output

    make_user(username="tom", role=Role.TRANSLATOR)
    _sign_in(client, "tom")
    overview = client.get("/en/translate/").get_data(as_text=True)
    changes_url = "/en/translate/testkurs/en/erste/"
    assert f'href="{changes_url}"' in overview
    changes = client.get(changes_url).get_data(as_text=True)
    assert (
        '<ins><span class="visually-hidden" lang="en" dir="ltr">[added:</span>rechtzeitig'
        in changes
    )
    assert "courses/testkurs/en/01-erste.md" in changes
    new_hash = document_hash(CHANGED)
    assert f'source = "{new_hash}"' in changes

    # 4. The translator updates the text and its hash: current again everywhere.
    write(tree, {"testkurs/en/01-erste.md": translation(CHANGED, "First lesson")})
    assert runner.invoke(args=["courses", "import"]).exit_code == 0
    assert "original of this lesson has been updated" not in client.get(lesson_url).get_data(
        as_text=True
    )
    status = runner.invoke(args=["translate", "status"])
    assert re.search(r"en\s+1 up to date,\s+0 outdated,\s+2 missing", status.output), status.output
    assert client.get(changes_url).status_code == 404
    assert learn.done_lesson_ids(learner) == {lesson.id}


def test_whitespace_only_change_does_not_outdate(client, runner, tree):
    write(
        tree,
        {"testkurs/de/01-erste.md": LESSON_1.replace("## Worum es geht\n", "##   Worum es geht\n")},
    )
    result = runner.invoke(args=["courses", "import"])
    assert "outdated" not in result.output


@pytest.mark.parametrize("role", [None, Role.LEARNER, Role.TRAINER])
def test_translators_pages_are_closed_to_other_roles(client, tree, role):
    if role is None:
        response = client.get("/en/translate/")
        assert response.status_code == 302
        assert "/en/account/sign-in" in response.headers["Location"]
        return
    make_user(username="someone", role=role)
    _sign_in(client, "someone")
    assert client.get("/en/translate/").status_code == 403


@pytest.mark.parametrize("role", [Role.TRANSLATOR, Role.ADMIN])
def test_translators_and_admins_see_the_overview(client, tree, role):
    make_user(username="someone", role=role)
    _sign_in(client, "someone")
    html = client.get("/en/translate/").get_data(as_text=True)
    assert "Interface texts" in html
    assert "Course translations" in html


def test_a_practice_translation_is_outdated_and_explained_like_a_lessons(client, runner, tree):
    from tests.content.test_practice import BOOKING

    front = '+++\ntitle = "Übung: Termin buchen"\nminutes = 8\n+++\n\n'
    source = front + BOOKING
    english = source.replace('title = "Übung: Termin buchen"', 'title = "Practice: booking"')
    english = english.replace("+++\n\n", f'source = "{document_hash(source)}"\n+++\n\n', 1)
    course_toml = (tree / "testkurs" / "course.toml").read_text(encoding="utf-8")
    write(
        tree,
        {
            "testkurs/course.toml": course_toml + 'practices = ["uebung"]\n',
            "testkurs/de/uebung.md": source,
            "testkurs/en/uebung.md": english,
        },
    )
    assert runner.invoke(args=["courses", "import"]).exit_code == 0
    screen = "/en/courses/testkurs/practice/uebung/dienst/"
    assert "has been updated since it was translated" not in client.get(screen).get_data(
        as_text=True
    )

    changed = source.replace("Sie brauchen einen neuen", "Sie brauchen bald einen neuen")
    write(tree, {"testkurs/de/uebung.md": changed})
    result = runner.invoke(args=["courses", "import"])
    assert result.exit_code == 0, result.output
    html = client.get(screen).get_data(as_text=True)
    assert "The original of this practice has been updated since it was translated." in html

    make_user(username="tom", role=Role.TRANSLATOR)
    _sign_in(client, "tom")
    changes_url = "/en/translate/testkurs/en/uebung/"
    assert f'href="{changes_url}"' in client.get("/en/translate/").get_data(as_text=True)
    changes = client.get(changes_url).get_data(as_text=True)
    assert "<ins>" in changes and "bald" in changes
    assert "courses/testkurs/en/uebung.md" in changes
    assert f'source = "{document_hash(changed)}"' in changes
