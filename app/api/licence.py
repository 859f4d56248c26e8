"""The licence the cities publish their open data under, stated in every response."""

LICENCE = {
    "id": "dl-de/by-2-0",
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
}
#: The attribution the licence asks re-users to give.
ATTRIBUTION = "Frankfurt am Main, Wiesbaden, Darmstadt: Lernlotse"
#: Counts below this are published as null ("suppressed"), so that no person can be singled out.
MIN_COUNT = 5
