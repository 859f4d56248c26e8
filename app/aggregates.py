"""Figures computed over whole tables (the open-data statistics, the reports), kept for a while.

At city scale these read every enrollment (333,000 rows) and take seconds; no index avoids that,
since they sum everything. They change slowly and nobody needs them to the second, so each process
keeps a result for AGGREGATES_CACHE_SECONDS (default five minutes) and says how old it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from cachetools import TTLCache
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


def kept(key: tuple, compute: Callable[[], T]) -> Kept[T]:
    """*compute()*'s result for *key*, computed again once it is older than the configured time."""
    seconds = current_app.config["AGGREGATES_CACHE_SECONDS"]
    if seconds <= 0:
        return Kept(compute(), utcnow())
    store = app_store(
        "aggregates", lambda: TTLCache(MAX_ENTRIES, ttl=seconds, timer=time.monotonic)
    )
    entry = store.get(key)
    if entry is None:
        entry = Kept(compute(), utcnow())
        store.put(key, entry)
    return entry
