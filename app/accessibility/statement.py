"""The facts of the accessibility statement (Erklärung zur Barrierefreiheit, § 4 HVBIT).

The statement describes this software, so its facts live beside the code and change with it: whoever
fixes a gap below removes it here, and whoever reviews the site updates the dates. The wording is in
the template `accessibility/statement.html`; every sentence goes through gettext.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

#: The day of the last self-assessment (the method is described on the page).
ASSESSED_ON = date(2026, 11, 26)
#: The day this statement was last checked against the site; review it at least once a year.
REVIEWED_ON = date(2026, 11, 26)
#: "full", "partial" or "none": conformity with §§ 3 and 4 HVBIT (EN 301 549, WCAG 2.1 AA).
CONFORMITY = "partial"
#: Where a resident applies for the enforcement procedure (§ 6 HVBIT) when the report route fails.
ENFORCEMENT_URL = (
    "https://lbit.hessen.de/Durchsetzungs-und-Ueberwachungsstelle/Durchsetzungsverfahren-beantragen"
)
#: Weeks a reporter waits for a satisfying answer before the enforcement procedure (§ 6 HVBIT).
ENFORCEMENT_WEEKS = 6
#: Tools of the automated part of the assessment (keep in step with the browser tests).
AXE_VERSION = "4.12.1"


@dataclass(frozen=True)
class Gap:
    """Content that is not accessible yet: what it is, and how to get the same without it."""

    description: str
    alternative: str


def known_gaps() -> list[Gap]:
    """Read per request, so the sentences come out in the page's language."""
    return [
        Gap(
            _l(
                "There is no video in German Sign Language yet; the page for sign language users shows its content as text."
            ),
            _l(
                "Read the text on the sign language page, or ask us for support through the report form."
            ),
        ),
        Gap(
            _l(
                "Only one course, on booking an appointment online, is available in Leichte Sprache so far. The other courses are in standard German and English."
            ),
            _l(
                "Join a seminar, where a trainer explains every step in person, or tell us which course you need in Leichte Sprache."
            ),
        ),
        Gap(
            _l(
                "In the trainers' seminar form, the date and time fields show the browser's own hints, which follow the browser's language rather than the page's."
            ),
            _l(
                "Type the date and time with the keyboard; after saving, the seminar page shows the date written out in the page's language."
            ),
        ),
        Gap(
            _l(
                "On narrow screens in Arabic and Farsi, long venue names in the venue list of the seminar form can be cut off."
            ),
            _l(
                "Turn the phone sideways or widen the window; the full venue name is shown on the seminar page."
            ),
        ),
    ]
