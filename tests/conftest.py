"""Test fixtures: the real app on a real database (SQLite, or PostgreSQL via TEST_DATABASE_URL).

The schema comes from the Alembic migrations, and the demo courses in courses/ are imported once
per session. Each test starts without any accounts or progress; tests that change course content
use the `empty_content` fixture, which restores the demo courses afterwards.
"""

from __future__ import annotations

import contextlib
import contextvars
import os

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import delete, event, text

from app import create_app
from app.content.importer import import_courses
from app.extensions import db, limiter
from app.models import (
    AnonymousCount,
    BarrierReport,
    CheckAnswer,
    City,
    Course,
    CourseImage,
    CourseText,
    Enrollment,
    GroupCourse,
    GroupLeader,
    GroupMember,
    LearningGroup,
    Lesson,
    LessonProgress,
    LessonText,
    OutboxMessage,
    Practice,
    PracticeCompletion,
    PracticeScreenCount,
    PracticeStep,
    PracticeText,
    Registration,
    Role,
    Seminar,
    SignIn,
    SitePage,
    SourceVersion,
    StaffAction,
    User,
    Venue,
)
from tests.factories import COURSES, make_city_admin, make_trainer, make_user
from tests.web import AuthActions

PEOPLE_TABLES = (
    GroupMember,
    GroupLeader,
    GroupCourse,
    LearningGroup,
    AnonymousCount,  # what deleted accounts leave behind
    PracticeScreenCount,  # what every run through a practice leaves behind
    SignIn,
    StaffAction,
    CheckAnswer,
    PracticeStep,
    PracticeCompletion,
    LessonProgress,
    Enrollment,
    Registration,
    Seminar,
    Venue,
    OutboxMessage,
    BarrierReport,
    User,
)
CONTENT_TABLES = (
    CourseImage,
    PracticeText,
    Practice,
    LessonText,
    SourceVersion,
    Lesson,
    CourseText,
    Course,
    City,
    SitePage,
)


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


def _reset_schema() -> None:
    """An empty database, so that `upgrade` builds every table from the migrations."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


class IsolatedClient(FlaskClient):
    """Serves each request in its own app context, as production does.

    Flask reuses an app context that is already pushed (the test's own, see `_clean_people`),
    which would let `g`, the signed-in user and the Babel locale leak from one request to the next.
    """

    def open(self, *args, **kwargs):
        # End the test's own transaction first, as another process would have: on SQLite an open
        # read transaction would block the request's writes and hide them from the test after.
        if has_app_context():
            db.session.commit()
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-anything",
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
            "COURSES_DIR": str(COURSES),
            # The suite signs in hundreds of times from one address; tests/ops/test_rate_limits.py
            # checks the limits on an app of its own.
            "RATELIMIT_ENABLED": False,
            # The page cache stays on; tests see every change to the content at once.
            "CONTENT_RECHECK_SECONDS": 0,
            # Figures are computed afresh, so tests see what they just did
            # (tests/ops/test_aggregates.py checks that they are kept).
            "AGGREGATES_CACHE_SECONDS": 0,
        }
    )
    app.test_client_class = IsolatedClient
    runner = app.test_cli_runner()
    result = runner.invoke(args=["translate", "compile"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        _reset_schema()
        upgrade()
        import_courses(COURSES)
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture(autouse=True)
def _clean_people(app):
    """Every test starts without accounts or progress, and with the demo courses."""
    with app.app_context():
        yield
        db.session.rollback()
        for model in PEOPLE_TABLES:
            db.session.execute(delete(model))
        db.session.commit()
        db.session.remove()


@pytest.fixture(autouse=True)
def _limits_as_configured(app):
    """Flask-Limiter keeps its state on the one `limiter` object, which every create_app() call
    re-initialises; tests that build apps of their own must not leave limits on for the others."""
    limiter.enabled = app.config["RATELIMIT_ENABLED"]
    yield
    limiter.enabled = app.config["RATELIMIT_ENABLED"]


@pytest.fixture
def empty_content(app):
    """No courses or cities in the database during the test; the demo courses come back after."""
    _wipe_content()
    yield
    db.session.rollback()
    _wipe_content()
    import_courses(COURSES)
    db.session.commit()


def _wipe_content() -> None:
    for model in PEOPLE_TABLES + CONTENT_TABLES:
        db.session.execute(delete(model))
    db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# One fixture for each role, each an account that signs in with PASSWORD.
@pytest.fixture
def learner():
    return make_user()


@pytest.fixture
def trainer():
    """A trainer of Frankfurt."""
    return make_trainer()


@pytest.fixture
def translator():
    return make_user(username="tomas", role=Role.TRANSLATOR)


@pytest.fixture
def city_admin():
    """An admin of Wiesbaden."""
    return make_city_admin()


@pytest.fixture
def global_admin():
    return make_user(username="gloria", role=Role.ADMIN)


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def signed_in(learner, auth):
    response = auth.sign_in()
    assert response.status_code == 302
    return learner


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's explicit BEGIN (configure_sqlite)
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counter: …` counts the SQL statements sent in the block."""

    @contextlib.contextmanager
    def counting():
        counter = QueryCounter()
        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)

    return counting
