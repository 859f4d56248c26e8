"""Long lists come a page at a time: the catalogue, the seminar list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.edge import int_arg

T = TypeVar("T")

PER_PAGE = 20


@dataclass
class Page(Generic[T]):
    items: Sequence[T]
    number: int
    per_page: int
    total: int

    @classmethod
    def empty(cls, per_page: int) -> Page[T]:
        return cls([], 1, per_page, 0)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page


def requested_page() -> int:
    """The ?page= number, 1 when missing or nonsense."""
    return int_arg("page", 1, minimum=1, maximum=99_999)


def paged(
    total: int, number: int, per_page: int, fetch: Callable[[int, int], Sequence[T]]
) -> Page[T]:
    """Page *number* of *total* items (a number past the end shows the last page); *fetch(offset,
    limit)* gives that page's items, from a list or a query."""
    number = min(number, max(1, -(-total // per_page)))
    return Page(fetch((number - 1) * per_page, per_page), number, per_page, total)


def page_of(items: Sequence[T], number: int, per_page: int = PER_PAGE) -> Page[T]:
    """A page of a list that is already in memory."""
    return paged(len(items), number, per_page, lambda offset, limit: items[offset : offset + limit])
