"""What is published, and under which licence: open data, reports, city pages, structured data.

One rule for every figure: nothing published lets anyone work out that between 1 and MIN_COUNT - 1
people did something, so that no person can be singled out (docs/open-data.md).
"""

from __future__ import annotations

#: The licence the cities publish their open data under, stated in every response.
LICENCE = {
    "id": "dl-de/by-2-0",
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
}
#: The attribution the licence asks re-users to give.
ATTRIBUTION = "Frankfurt am Main, Wiesbaden, Darmstadt: Lernlotse"

#: Counts below this are published as null ("suppressed"), so that no person can be singled out.
MIN_COUNT = 5


def published_seats_left(capacity: int, confirmed: int, cancelled: bool) -> int | None:
    """A seminar's free seats as the open data (and the page's structured data) publishes them.

    The rule of the statistics holds here too: no published figure tells how many people, between
    1 and MIN_COUNT - 1, did something. Capacity minus free seats is the number registered, so the
    free seats are null while 1 to 4 people are registered (docs/open-data.md).
    """
    if cancelled:
        return 0
    if 0 < confirmed < MIN_COUNT:
        return None
    return max(capacity - confirmed, 0)
