"""Fixtures for the learning tests."""

from __future__ import annotations

import pytest

from tests.content.test_practice import BOOKING


@pytest.fixture
def booking(tmp_path, empty_content):
    """The test course (two lessons) with the booking practice after the first, imported; its id."""
    from sqlalchemy import select

    from app.content.importer import import_courses
    from app.extensions import db
    from app.models import Practice
    from tests.content.factories import valid_tree, write

    valid_tree(tmp_path)
    courses = tmp_path / "courses"
    course_toml = (courses / "testkurs" / "course.toml").read_text(encoding="utf-8")
    front = '+++\ntitle = "Übung: Termin buchen"\nminutes = 8\nafter = "01-erste"\n+++\n\n'
    write(
        courses,
        {
            "testkurs/course.toml": course_toml + 'practices = ["uebung"]\n',
            "testkurs/de/uebung.md": front + BOOKING,
        },
    )
    import_courses(courses)
    db.session.commit()
    return db.session.scalar(select(Practice.id))
