"""One instance of each Flask extension, initialised in create_app()."""

from typing import TYPE_CHECKING

from flask import has_request_context, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase

from app.translations import CheckedBabel

# Stable constraint names, so that migrations can drop and alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Objects stay readable after a commit: a view that commits and then renders a message or a
# redirect from them would otherwise reload every object with one query each.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})

if TYPE_CHECKING:

    class Model(Base):
        """What db.Model is when the app runs (Flask-SQLAlchemy builds it), for the type checker."""

        __abstract__ = True
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
# Flask-Babel, with every catalogue checked when loaded (app/translations.py).
babel = CheckedBabel()
csrf = CSRFProtect()
# Limits are set on the few routes that guess at secrets (sign-in, sign-up, password reset);
# storage from RATELIMIT_STORAGE_URI: memory in development, Redis when several servers share it.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)


def _writes_expected() -> bool:
    """Whether this transaction will probably write: a form post or a command, not a page view."""
    return not has_request_context() or request.method not in ("GET", "HEAD")


def configure_sqlite(engine: Engine) -> None:
    """Give SQLite real transactions and savepoints, and enforce foreign keys.

    Python's sqlite3 module delays BEGIN until the first write, so a SAVEPOINT taken before it
    would commit on release. As SQLAlchemy's documentation recommends, let SQLAlchemy emit BEGIN.
    A transaction that will write takes the write lock at once (BEGIN IMMEDIATE): two requests
    from a double click then wait for each other instead of one failing to upgrade its read lock.
    Write-ahead logging lets pages be read while a form is being saved.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _writes_expected() else "BEGIN")
