"""SQL that differs between SQLite (development) and PostgreSQL (production)."""

from __future__ import annotations

from sqlalchemy import func, literal_column

from app.extensions import db


def month_of(column):
    """The calendar month (UTC) of a timestamp column as 'YYYY-MM'.

    The format strings are SQL literals, not bound parameters: PostgreSQL accepts a GROUP BY on an
    expression only if the SELECT repeats it exactly, and two parameters never count as equal.
    """
    if db.engine.dialect.name == "postgresql":
        return func.to_char(
            func.timezone(literal_column("'UTC'"), column), literal_column("'YYYY-MM'")
        )
    return func.strftime(literal_column("'%Y-%m'"), column)
