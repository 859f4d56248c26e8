"""The content revision: a number in the database that moves whenever `flask courses import`
changes anything readers see (a course, a lesson, a translation, a site page, a city profile, an
image). The importer moves it in the same transaction as its changes (app/content/importer.py).

Whatever a process keeps that was built from content (the course lists, rendered pages for
visitors) is stored with the revision it was built from and rebuilt when the revision moves.
Reading it is one query by primary key; `recent_content_version()` reads it at most once every
CONTENT_RECHECK_SECONDS per process, so under load most requests make no query for it, and every
app server sees an import within that time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import TypeVar

from cachetools import LRUCache
from flask import current_app, g, has_request_context
from sqlalchemy import select, update

from app.caches import app_store
from app.extensions import db
from app.models import ContentRevision, utcnow
from app.sql import rows_changed

_lock = threading.Lock()
#: The one row of content_revision (made by migration 0012).
ROW = 1


def content_version() -> int:
    """Read the revision from the database (one query)."""
    return db.session.scalar(select(ContentRevision.number).where(ContentRevision.id == ROW)) or 0


def bump_content_revision(now: datetime | None = None) -> None:
    """Move the revision on: every process rebuilds what it kept. Flushes; the importer commits."""
    moved = rows_changed(
        update(ContentRevision)
        .where(ContentRevision.id == ROW)
        .values(number=ContentRevision.number + 1, changed_at=now or utcnow())
    )
    if not moved:  # a database made without the migrations' first row
        db.session.add(ContentRevision(id=ROW, number=2, changed_at=now or utcnow()))
    db.session.flush()


def recent_content_version() -> int:
    """The revision, read again only when the last reading is older than CONTENT_RECHECK_SECONDS
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


V = TypeVar("V")


def kept_per_revision(store: str, size: int, key: Hashable, build: Callable[[], V]) -> V:
    """What *build()* gives for *key* while the content revision stays, kept per app in the LRU
    store named *store* (at most *size* values: those of older revisions age out). A None (nothing
    found) is not kept, so keys anyone can make up cannot push the real values out. What is kept
    is shared by threads: callers read it and never change it."""
    kept = app_store(store, lambda: LRUCache(size))
    full_key = (key, recent_content_version())
    value = kept.get(full_key)
    if value is None:
        value = build()
        if value is not None:
            kept.put(full_key, value)
    return value
