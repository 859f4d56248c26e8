"""Figures computed over whole tables (the open-data statistics, the reports), kept for a while.

At city scale these read every enrollment (333,000 rows) and take seconds; no index avoids that,
since they sum everything. They change slowly and nobody needs them to the second, so each process
keeps a result and computes it again once it is older than AGGREGATES_CACHE_SECONDS (default five
minutes); pages say how old their figures are.

While one request computes them again, the others get the figures kept so far instead of waiting
seconds too (and instead of computing the same sums at once on every thread). Only a process that
has no figures yet for a key makes every request wait for them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from cachetools import LRUCache
from flask import current_app

from app.caches import app_store
from app.models import utcnow

T = TypeVar("T")

#: Different keys are few (cities × periods × languages); this only bounds memory.
MAX_ENTRIES = 256


@dataclass(frozen=True)
class Kept(Generic[T]):
    value: T
    #: When the figures were computed: pages say "as of".
    computed_at: datetime
    #: time.monotonic() then, for their age.
    computed_mono: float = 0.0


_refreshing: set[tuple] = set()
_refreshing_lock = threading.Lock()


def kept(key: tuple, compute: Callable[[], T]) -> Kept[T]:
    """*compute()*'s result for *key*, computed again once it is older than the configured time
    (by one request; the others meanwhile get the result kept so far)."""
    seconds = current_app.config["AGGREGATES_CACHE_SECONDS"]
    if seconds <= 0:
        return Kept(compute(), utcnow())
    store = app_store("aggregates", lambda: LRUCache(MAX_ENTRIES))
    entry = store.get(key)
    if entry is not None and time.monotonic() - entry.computed_mono < seconds:
        return entry
    busy = (id(store), key)  # each app (tests make several) has its own store
    if entry is not None:
        with _refreshing_lock:
            if busy in _refreshing:
                return entry  # another request is computing them: these are minutes old
            _refreshing.add(busy)
    try:
        entry = Kept(compute(), utcnow(), time.monotonic())
        store.put(key, entry)
    finally:
        with _refreshing_lock:
            _refreshing.discard(busy)
    return entry
