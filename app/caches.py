"""What a process keeps between requests: bounded stores from cachetools, one set per app.

Everything kept is keyed by what it depends on, so it is never stale: rendered pages and course
lists by the content revision (app/content/version.py), summed figures by their own age. cachetools'
stores are not thread-safe; `Store` adds the one lock a worker's threads share.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from cachetools import Cache
from flask import current_app

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Store(Generic[K, V]):
    """A cachetools cache (LRUCache, TTLCache…) behind a lock."""

    def __init__(self, cache: Cache) -> None:
        self._cache = cache
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            return self._cache.get(key)

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._cache[key] = value

    def kept_keys(self) -> list[K]:
        """The keys kept now (a snapshot)."""
        with self._lock:
            return list(self._cache.keys())

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()


def app_store(name: str, make: Callable[[], Cache]) -> Store:
    """The store *name* of the current app, made on first use (each app, e.g. in tests, has its
    own)."""
    stores = current_app.extensions.setdefault("lernlotse_stores", {})
    if name not in stores:
        with _creating:
            stores.setdefault(name, Store(make()))
    return stores[name]


_creating = threading.Lock()


def forget(app, *names: str) -> None:
    """Drop the stores *names* of *app* (for tests and after a configuration change)."""
    stores = app.extensions.get("lernlotse_stores", {})
    for name in names:
        stores.pop(name, None)
