"""The schema comes from the migrations, and the migrations match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app.extensions import db


def test_migrations_build_every_table_the_models_need(app):
    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "models changed without a migration: run flask db migrate"


def test_db_check_command_reports_no_pending_changes(runner):
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_a_migration_that_copies_a_table_keeps_data_and_references(tmp_path):
    """SQLite alters a table by copying it (0015 copies `user`): on a database with people in it
    the copy must succeed, keep every row, and leave foreign keys enforced afterwards."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from app import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x" * 40,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite'}",
        }
    )
    with app.app_context():
        upgrade(revision="0014")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO city (id, slug, name, website, links, accessibility)"
                    " VALUES (1, 'frankfurt', 'Frankfurt am Main', 'https://frankfurt.de', '{}', '{}')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO user (id, username, password_hash, role, city_id, created_at)"
                    " VALUES (1, 'tara', 'x', 'trainer', 1, '2026-01-01'),"
                    " (2, 'maria', 'x', 'learner', NULL, '2026-01-01')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO staff_action (kind, actor_id, actor_role, subject_id, created_at)"
                    " VALUES ('login_card', 1, 'trainer', 2, '2026-01-02')"
                )
            )
        upgrade()
        with db.engine.begin() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("SELECT count(*) FROM user")).scalar() == 2
            # The copy did not fire ON DELETE SET NULL on the way.
            assert connection.execute(text("SELECT subject_id FROM staff_action")).one() == (2,)
            connection.execute(text("UPDATE user SET role = 'helper' WHERE id = 2"))
            connection.execute(text("DELETE FROM user WHERE id = 2"))
            # ON DELETE SET NULL still holds: the record stays, without the person.
            assert connection.execute(text("SELECT subject_id FROM staff_action")).one() == (None,)
        downgrade(revision="0014")
        upgrade()
        db.session.remove()
        db.engine.dispose()
