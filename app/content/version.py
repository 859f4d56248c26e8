"""The content version: a value that changes whenever `flask courses import` changes what visitors
read (a course, one of its texts or lessons, a city profile).

Whatever is built from content and kept between requests (the course lists, rendered pages for
visitors) is stored with the version it was built from and rebuilt when the version moves. Reading
the version is one small query; `recent_content_version()` reads it at most once every
CONTENT_RECHECK_SECONDS per process, so under load most requests make no query for it, and every
app server sees an import within that time.
"""

from __future__ import annotations

import threading
import time

from flask import current_app, g, has_request_context
from sqlalchemy import func, select, true

from app.extensions import db
from app.models import City, Course

_lock = threading.Lock()


def content_version() -> tuple:
    """Read the version from the database (one query)."""
    courses = select(
        func.count(Course.id),
        func.max(Course.updated_at),
        func.count(Course.retired_at),
        func.max(Course.retired_at),
    ).subquery()
    cities = select(func.count(City.id), func.max(City.updated_at)).subquery()
    # Two one-row summaries side by side: one round trip.
    both = courses.join(cities, true())
    return tuple(db.session.execute(select(courses, cities).select_from(both)).one())


def recent_content_version() -> tuple:
    """The version, read again only when the last reading is older than CONTENT_RECHECK_SECONDS
    (and once a request at most: the page cache and the course list both ask)."""
    if has_request_context() and "content_version" in g:
        return g.content_version
    state = current_app.extensions.setdefault("lernlotse_content_version", {})
    interval = current_app.config["CONTENT_RECHECK_SECONDS"]
    now = time.monotonic()
    with _lock:
        fresh = "version" in state and now - state["read_at"] < interval
        version = state.get("version")
    if not fresh:
        version = content_version()
        with _lock:
            state.update(version=version, read_at=now)
    if has_request_context():
        g.content_version = version
    return version
