"""SQL helpers: what differs between SQLite (development) and PostgreSQL (production), the row
count of a conditional update, and inserts that may meet an existing row."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Executable, func, literal_column
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db


def month_of(column: Any) -> Any:
    """The calendar month (UTC) of a timestamp column as 'YYYY-MM'.

    The format strings are SQL literals, not bound parameters: PostgreSQL accepts a GROUP BY on an
    expression only if the SELECT repeats it exactly, and two parameters never count as equal.
    """
    if db.engine.dialect.name == "postgresql":
        return func.to_char(
            func.timezone(literal_column("'UTC'"), column), literal_column("'YYYY-MM'")
        )
    return func.strftime(literal_column("'%Y-%m'"), column)


def rows_changed(statement: Executable) -> int:
    """Run an UPDATE or DELETE; how many rows it changed (conditional updates test this)."""
    return cast(CursorResult[Any], db.session.execute(statement)).rowcount


def _insert(model: type) -> Any:
    """An INSERT for *model* in the dialect of the session's database (for ON CONFLICT)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def insert_missing(model: type, keys: dict[str, Any], values: dict[str, Any] | None = None) -> bool:
    """Add the row with these unique *keys* unless it exists; True when it was added.

    ``INSERT … ON CONFLICT DO NOTHING``: two requests racing (a double click) both succeed, and
    the row is written once.
    """
    statement = (
        _insert(model)
        .values(**keys, **(values or {}))
        .on_conflict_do_nothing(index_elements=list(keys))
    )
    return rows_changed(statement) == 1


def upsert(
    model: type, keys: dict[str, Any], values: dict[str, Any], add: dict[str, int] | None = None
) -> None:
    """Add the row with these unique *keys*, or set *values* on the one that exists; the counters
    in *add* start at their number in a new row and grow by it in an existing one.

    ``INSERT … ON CONFLICT DO UPDATE``. Objects of *model* already loaded in the session keep
    their old values: read the row again with ``populate_existing``.
    """
    add = add or {}
    columns = model.__table__.c  # type: ignore[attr-defined]
    statement = (
        _insert(model)
        .values(**keys, **values, **add)
        .on_conflict_do_update(
            index_elements=list(keys),
            set_={**values, **{name: columns[name] + step for name, step in add.items()}},
        )
    )
    db.session.execute(statement)
