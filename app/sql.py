"""SQL helpers: what differs between SQLite (development) and PostgreSQL (production), and the
row count of a conditional update."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Executable, func, literal_column

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
