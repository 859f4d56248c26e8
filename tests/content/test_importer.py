"""`flask courses import`: all or nothing, idempotent, retiring instead of deleting."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from app.content.checker import check_tree
from app.content.files import document_hash, lesson_slug
from app.content.importer import ImportRefused, import_courses
from app.content.render import render
from app.extensions import db
from app.learn import services as learn
from app.models import (
    Course,
    CourseImage,
    CourseText,
    Lesson,
    LessonProgress,
    LessonText,
    SourceVersion,
)
from tests.content.factories import LESSON_1, LESSON_2, translation, valid_tree, write
from tests.factories import make_user


@pytest.fixture
def tree(tmp_path, empty_content):
    valid_tree(tmp_path)
    return tmp_path / "courses"


def snapshot() -> list[tuple]:
    rows = db.session.execute(
        select(
            LessonText.id,
            LessonText.language,
            LessonText.html,
            LessonText.file_hash,
            LessonText.updated_at,
            Lesson.position,
            Lesson.retired_at,
        )
        .join(Lesson)
        .order_by(LessonText.id)
    )
    return [tuple(row) for row in rows]


def test_import_creates_courses_lessons_and_cities(tree):
    report = import_courses(tree)
    db.session.commit()
    assert "testkurs" in report.created
    course = db.session.scalar(select(Course).where(Course.slug == "testkurs"))
    assert [lesson.slug for lesson in course.lessons] == ["erste", "zweite"]
    assert course.minutes == 10


def test_importing_twice_changes_nothing(tree):
    import_courses(tree)
    db.session.commit()
    before = snapshot()
    report = import_courses(tree)
    db.session.commit()
    assert not report.changed
    assert snapshot() == before


def test_import_with_errors_changes_nothing(tree):
    import_courses(tree)
    db.session.commit()
    before = snapshot()
    write(
        tree,
        {
            "testkurs/de/01-erste.md": LESSON_1.replace("Worum es geht", "Neuer Titel"),
            "testkurs/de/02-zweite.md": LESSON_2.replace("### Ein", "#### Ein"),
        },
    )
    with pytest.raises(ImportRefused) as refused:
        import_courses(tree)
    db.session.rollback()
    assert [str(p) for p in refused.value.problems] == [
        "courses/testkurs/de/02-zweite.md:10: the heading jumps from level 2 to level 4; use ### here "
        "so that screen-reader users can follow the structure"
    ]
    assert snapshot() == before


def test_import_command_refuses_broken_files_and_says_so(tree, runner, app):
    write(tree, {"testkurs/de/02-zweite.md": LESSON_2.replace("### Ein", "#### Ein")})
    app.config["COURSES_DIR"] = str(tree)
    try:
        result = runner.invoke(args=["courses", "import"])
    finally:
        app.config["COURSES_DIR"] = str(Path(__file__).parents[2] / "courses")
    assert result.exit_code == 1
    assert "Nothing was imported: fix the 1 error(s) above first." in result.output
    assert db.session.scalar(select(func.count(Course.id))) == 0


def test_import_command_shows_progress_and_is_idempotent(tree, runner, app):
    app.config["COURSES_DIR"] = str(tree)
    try:
        first = runner.invoke(args=["courses", "import"])
        second = runner.invoke(args=["courses", "import"])
    finally:
        app.config["COURSES_DIR"] = str(Path(__file__).parents[2] / "courses")
    assert first.exit_code == 0, first.output
    assert "Importing courses" in first.output
    assert "new: testkurs" in first.output
    assert "Everything is up to date: nothing changed." in second.output


def test_removed_lesson_is_retired_and_its_progress_kept(tree):
    import_courses(tree)
    db.session.commit()
    user = make_user()
    second = db.session.scalar(select(Lesson).where(Lesson.slug == "zweite"))
    learn.mark_done(user, second)
    db.session.commit()

    write(
        tree,
        {
            "testkurs/course.toml": 'source = "de"\ntopic = "appointments"\nlevel = "beginner"\n'
            'lessons = ["01-erste"]\n',
            "testkurs/de/01-erste.md": LESSON_1.replace("[nächste Lektion](02-zweite.md)", "Ende"),
        },
    )
    (tree / "testkurs/de/02-zweite.md").unlink()
    report = import_courses(tree)
    db.session.commit()

    assert report.retired == ["testkurs/zweite"]
    db.session.refresh(second)
    assert second.retired_at is not None
    assert (
        db.session.scalar(
            select(func.count(LessonProgress.id)).where(LessonProgress.lesson_id == second.id)
        )
        == 1
    )
    assert db.session.scalar(select(Course.minutes).where(Course.slug == "testkurs")) == 4


def test_changed_lesson_text_keeps_progress_and_the_old_version(tree):
    import_courses(tree)
    db.session.commit()
    user = make_user()
    first = db.session.scalar(select(Lesson).where(Lesson.slug == "erste"))
    learn.mark_done(user, first)
    db.session.commit()

    write(
        tree, {"testkurs/de/01-erste.md": LESSON_1.replace("Worum es geht", "Worum es heute geht")}
    )
    import_courses(tree)
    db.session.commit()

    text = db.session.scalar(
        select(LessonText).where(LessonText.lesson_id == first.id, LessonText.language == "de")
    )
    assert "Worum es heute geht" in text.html
    assert learn.done_lesson_ids(user) == {first.id}
    versions = db.session.scalars(
        select(SourceVersion.hash).where(SourceVersion.document == "erste")
    ).all()
    assert len(versions) == 2


def test_translation_of_a_replaced_version_imports_with_a_warning(tree):
    write(tree, {"testkurs/en/01-erste.md": translation(LESSON_1, "First lesson")})
    import_courses(tree)
    db.session.commit()
    write(
        tree, {"testkurs/de/01-erste.md": LESSON_1.replace("Worum es geht", "Worum es heute geht")}
    )
    report = import_courses(tree)
    db.session.commit()
    assert [p.severity for p in report.warnings] == ["warning"]
    assert "this translation is outdated" in report.warnings[0].message


def test_lesson_html_is_rendered_at_import_with_marked_external_links(tree):
    import_courses(tree)
    db.session.commit()
    html = db.session.scalar(select(LessonText.html).join(Lesson).where(Lesson.slug == "zweite"))
    assert (
        '<a class="external-link" href="https://www.example.org/" rel="noopener noreferrer">'
        in html
    )
    assert '<span class="visually-hidden"> (externe Website)</span>' in html
    assert '<h3 id="ein-unterabschnitt">' in html


def test_raw_html_that_reaches_the_renderer_is_only_text():
    # The checker refuses raw HTML; the renderer must be safe even without it.
    html = render(
        '<script>alert("x")</script>\n\n<img src=x onerror=alert(1)> <b onclick="x">b</b>\n\n'
        "![pixel](https://tracker.example/p.png)\n"
    ).html
    assert "<script" not in html and "<img" not in html and "<b" not in html
    assert "&lt;script&gt;" in html
    assert "tracker.example" not in html


def test_source_versions_are_kept_beside_the_course_by_the_history_command(
    app, runner, tree, monkeypatch
):
    monkeypatch.setitem(app.config, "COURSES_DIR", str(tree))
    import_courses(tree)
    db.session.commit()
    assert not (tree / "testkurs/_history").exists()  # the import writes nothing into courses/
    result = runner.invoke(args=["courses", "history"])
    assert result.exit_code == 0 and "new source version(s)" in result.output
    kept = list((tree / "testkurs/_history/erste").glob("*.md"))
    assert [path.stem for path in kept] == [document_hash(LESSON_1)]


def test_a_fresh_database_still_knows_old_versions_from_the_history_folder(
    app, runner, tree, monkeypatch
):
    monkeypatch.setitem(app.config, "COURSES_DIR", str(tree))
    write(tree, {"testkurs/en/01-erste.md": translation(LESSON_1, "First lesson")})
    import_courses(tree)
    db.session.commit()
    assert runner.invoke(args=["courses", "history"]).exit_code == 0  # as `make` runs it
    # Another installation: an empty database, the same files, and a changed German source.
    for model in (CourseImage, LessonText, SourceVersion, Lesson, CourseText, Course):
        db.session.execute(delete(model))
    db.session.commit()
    write(
        tree, {"testkurs/de/01-erste.md": LESSON_1.replace("Worum es geht", "Worum es heute geht")}
    )
    report = import_courses(tree)
    db.session.commit()
    assert [p.severity for p in report.warnings] == ["warning"]
    hashes = set(
        db.session.scalars(select(SourceVersion.hash).where(SourceVersion.document == "erste"))
    )
    assert document_hash(LESSON_1) in hashes and len(hashes) == 2


def test_deleting_a_translation_file_removes_it_from_the_site(tree):
    write(tree, {"testkurs/en/01-erste.md": translation(LESSON_1, "First lesson")})
    import_courses(tree)
    db.session.commit()
    (tree / "testkurs/en/01-erste.md").unlink()
    report = import_courses(tree)
    db.session.commit()
    assert report.removed == ["testkurs/erste (en)"]
    languages = db.session.scalars(
        select(LessonText.language).join(Lesson).where(Lesson.slug == "erste")
    )
    assert list(languages) == ["de"]


def test_table_of_contents_keeps_special_characters_readable():
    rendered = render("## Bank & Sparkasse\n\nText\n\n## Zwei\n\n## Drei\n")
    assert rendered.toc[0] == {"id": "bank-sparkasse", "title": "Bank & Sparkasse", "level": 2}


def test_a_refused_import_writes_nothing_to_the_database_or_the_course_folder(
    app, runner, tree, monkeypatch
):
    """A lesson with a NUL byte (which PostgreSQL refuses) beside a valid new lesson."""
    from app.content.version import content_version

    monkeypatch.setitem(app.config, "COURSES_DIR", str(tree))
    revision = content_version()
    write(tree, {"testkurs/de/02-zweite.md": LESSON_2.replace("Text", "Te\x00xt", 1)})
    result = runner.invoke(args=["courses", "import"])
    assert result.exit_code == 1
    assert "courses/testkurs/de/02-zweite.md:" in result.output
    assert "Nothing was imported" in result.output
    assert db.session.scalar(select(Course).where(Course.slug == "testkurs")) is None
    assert not (tree / "testkurs/_history").exists()
    assert content_version() == revision
    # Fixed, the same command imports the course.
    write(tree, {"testkurs/de/02-zweite.md": LESSON_2})
    result = runner.invoke(args=["courses", "import"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Course).where(Course.slug == "testkurs")) is not None
    assert not (tree / "testkurs/_history").exists()  # a read-only course folder is enough
    assert content_version() == revision + 1


def test_the_shipped_courses_keep_every_current_source_version_in_their_history():
    """Authors commit the _history folder (`make run` writes it): a fresh installation must know
    every source text that translations may cite."""
    from tests.factories import COURSES

    catalogue, _problems = check_tree(COURSES)
    missing = []
    for course in catalogue.courses:
        for (language, name), document in course.documents.items():
            if language != course.source_language:
                continue
            key = "course" if name == "course" else lesson_slug(name)
            kept = COURSES / course.slug / "_history" / key / f"{document.content_hash}.md"
            if not kept.is_file():
                missing.append(str(kept.relative_to(COURSES)))
    assert missing == [], "run `make run` (or flask courses history) and commit _history"


PRACTICE = """+++
title = "Übung: Termin"
minutes = 7
after = "01-erste"
+++

Hier wird nichts gebucht. Mehr in der [ersten Lektion](01-erste.md).

## Dienst {#dienst}

Was **brauchen** Sie?

```choice
? Dienstleistung
- [x] Ausweis
- [ ] Pass -> ende
! Sie brauchen einen Ausweis.
```

## Ende {#ende}

```confirmation
Fertig.
```
"""


def with_practice(tree) -> str:
    """Add PRACTICE (German, and an English translation) to the test course; the course.toml
    as it was before."""
    course_toml = (tree / "testkurs" / "course.toml").read_text(encoding="utf-8")
    english = PRACTICE.replace('title = "Übung: Termin"', 'title = "Practice"').replace(
        "+++\n\n", f'source = "{document_hash(PRACTICE)}"\n+++\n\n', 1
    )
    write(
        tree,
        {
            "testkurs/course.toml": course_toml + 'practices = ["uebung"]\n',
            "testkurs/de/uebung.md": PRACTICE,
            "testkurs/en/uebung.md": english,
        },
    )
    return course_toml


def test_a_practice_is_stored_with_its_screens_rendered_once(tree):
    from app.models import Practice

    course_toml = with_practice(tree)
    report = import_courses(tree)
    db.session.commit()
    assert "testkurs/uebung" in report.created
    practice = db.session.scalar(select(Practice))
    assert practice.minutes == 7 and practice.after_lesson_id is not None
    german = next(text for text in practice.texts if text.language == "de")
    # links from the start page and from a screen both reach the lesson
    assert 'href="../../erste/"' in german.intro_html
    dienst, ende = german.screens
    assert "<strong>brauchen</strong>" in dienst["html"]
    assert dienst["parts"][0]["options"][1] == {
        "text": "Pass", "right": False, "taken": False, "goto": "ende"
    }  # fmt: skip
    assert ende["parts"][0]["kind"] == "confirmation" and "Fertig." in ende["parts"][0]["html"]
    # unchanged files: nothing written again; the translation deleted: gone; unlisted: retired
    assert not import_courses(tree).changed
    (tree / "testkurs" / "en" / "uebung.md").unlink()
    assert "testkurs/uebung (en)" in import_courses(tree).removed
    write(tree, {"testkurs/course.toml": course_toml})
    (tree / "testkurs" / "de" / "uebung.md").unlink()
    assert "testkurs/uebung" in import_courses(tree).retired
    db.session.commit()
    assert db.session.scalar(select(Practice)).retired_at is not None


def test_a_practice_is_read_in_the_readers_language_and_kept(tree, count_queries):
    from app.content.reading import NotFound, practice_detail

    with_practice(tree)
    import_courses(tree)
    db.session.commit()
    course_id = db.session.scalar(select(Course.id).where(Course.slug == "testkurs"))
    english_detail = practice_detail(course_id, "uebung", ["en", "de"])
    assert english_detail.title == "Practice" and not english_detail.is_fallback
    turkish = practice_detail(course_id, "uebung", ["tr", "de"])
    assert turkish.title == "Übung: Termin" and turkish.is_fallback
    assert turkish.screen("ende")["parts"][0]["kind"] == "confirmation"
    with count_queries() as counter:
        practice_detail(course_id, "uebung", ["en", "de"])
    assert counter.count <= 1  # the content revision, which tests read on every call
    with pytest.raises(NotFound):
        practice_detail(course_id, "gibt-es-nicht", ["de"])
    # the German original changes: the English translation is now outdated
    write(tree, {"testkurs/de/uebung.md": PRACTICE.replace("Was **brauchen**", "Was **genau**")})
    import_courses(tree)
    db.session.commit()
    assert practice_detail(course_id, "uebung", ["en", "de"]).outdated
