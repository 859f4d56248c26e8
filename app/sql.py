"""SQL that differs between SQLite (development) and PostgreSQL (production)."""

from __future__ import annotations

from sqlalchemy import func

from app.extensions import db


def month_of(column):
    """The calendar month (UTC) of a timestamp column as 'YYYY-MM'."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)
