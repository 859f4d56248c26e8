"""Long lists come a page at a time: the catalogue, the seminar list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import request

T = TypeVar("T")

PER_PAGE = 20


@dataclass
class Page(Generic[T]):
    items: Sequence[T]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page


def requested_page() -> int:
    """The ?page= number, 1 when missing or nonsense."""
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


def page_of(items: Sequence[T], number: int, per_page: int = PER_PAGE) -> Page[T]:
    """A page of a list that is already in memory (a number past the end shows the last page)."""
    pages = max(1, -(-len(items) // per_page))
    number = min(number, pages)
    start = (number - 1) * per_page
    return Page(items[start : start + per_page], number, per_page, len(items))
