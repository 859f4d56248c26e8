"""What the benchmarks measure: the pages, who asks for them, and the app they are served by.

Shared by load.py (wrk against gunicorn) and profile.py (pyinstrument in one process), so both
speak of the same pages.
"""

from __future__ import annotations

import re

PASSWORD = "benchmark-password"
LESSON = "/de/courses/online-termin/termin-buchen/"
PRACTICE_SCREEN = "/de/courses/online-termin/practice/uebung-termin-buchen/termin/"
#: The reference row: a static page of this size, served by the same app and middleware.
REFERENCE = "/_benchmark/reference"
REFERENCE_BYTES = 30 * 1024
#: The signed-in frame: the same text inside the site's page frame (base.html: menu, language
#: switcher, footer) for a signed-in learner, so with the sign-in check. No page rendered per
#: person can be faster than this; it shows what the stack itself costs.
FRAME = "/de/_benchmark/frame"

#: Who asks: username candidates (the first that signs in is used) and their password. bench1
#: exists at city scale only (40 courses, most finished); on demo data the demo learner stands in.
PEOPLE = {
    "learner": (("bench1", "lerner"), PASSWORD),
    "trainer": (("trainerin",), "lernlotse-demo"),
    "admin": (("admin",), "lernlotse-demo"),
}

#: Page name: (path, who asks). Visitors send no cookie, as a first visit does. "{roster}" is the
#: roster of the first seminar on the trainer's start page.
PAGES = {
    "reference (static 30 KB)": (REFERENCE, "visitor"),
    "reference frame, signed in": (FRAME, "learner"),
    "home": ("/de/", "visitor"),
    "catalogue (filtered)": ("/de/?topic=appointments&level=beginner", "visitor"),
    "lesson": (LESSON, "visitor"),
    "catalogue, signed in": ("/de/?topic=appointments&level=beginner", "learner"),
    "lesson, signed in": (LESSON, "learner"),
    "my courses": ("/de/my/", "learner"),
    "practice screen (month grid), signed in": (PRACTICE_SCREEN, "learner"),
    "seminar list": ("/de/seminars/", "visitor"),
    "trainer's roster": ("{roster}", "trainer"),
    "reports": ("/de/admin/reports/", "admin"),
}
#: Measured after the pages: a POST by the learner, with the lesson's form token.
POST_MARK_DONE = "POST mark done"

ROSTER_LINK = re.compile(r'href="(/de/trainer/seminars/\d+/)"')


def csrf_token(html: str) -> str:
    """The form token, whichever way the template writes the hidden field."""
    field = re.search(r'<input[^>]*name="csrf_token"[^>]*>', html).group(0)
    return re.search(r'value="([^"]+)"', field).group(1)


def roster_path(trainer_start_page: str) -> str:
    """The first roster linked from the trainer's seminars (/de/trainer/seminars/)."""
    match = ROSTER_LINK.search(trainer_start_page)
    if match is None:
        raise SystemExit("the trainer has no seminar: run benchmarks/generate.py first")
    return match.group(1)
