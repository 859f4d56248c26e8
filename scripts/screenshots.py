"""`make screenshots`: the main pages in German and Arabic, desktop and phone, as PNG files.

For a person to look at: a page can pass every automatic check and still look broken. Uses the
development database that `make run` prepares (demo accounts and seminars) and Debian's Chromium.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import City, LearningGroup, Seminar, utcnow  # noqa: E402
from scripts.chromium import CHROMIUM, FLAGS  # noqa: E402

OUT = Path(os.environ.get("SCREENSHOTS_DIR", "screenshots"))
WIDTHS = {"desktop": 1280, "phone": 390}
LANGUAGES = ("de", "ar")


def pages(
    seminar_id: int | None, course_id: int | None, group_id: int | None
) -> list[tuple[str, str, str | None]]:
    """(name, path template, demo account to sign in as, or None)."""
    listed = [
        ("start", "/{lang}/", None),
        ("course", "/{lang}/courses/online-termin/", None),
        ("lesson", "/{lang}/courses/online-termin/termin-buchen/", None),
        ("sign-up", "/{lang}/account/sign-up", None),
        ("accessibility-statement", "/{lang}/accessibility", None),
        ("leichte-sprache", "/{lang}/leichte-sprache", None),
        ("gebaerdensprache", "/{lang}/gebaerdensprache", None),
        ("privacy", "/{lang}/privacy", None),
        ("handout", "/{lang}/courses/online-termin/handout", None),
        ("handout-large", "/{lang}/courses/online-termin/handout?print=large", None),
        ("city", "/{lang}/cities/wiesbaden/", None),
        ("seminars", "/{lang}/seminars/", None),
        ("my-courses", "/{lang}/my/", "lerner"),
        ("trainer-seminars", "/{lang}/trainer/seminars/", "trainerin"),
        ("translations", "/{lang}/translate/", "uebersetzer"),
        ("reports", "/{lang}/admin/reports/", "stadtadmin"),
        ("my-data", "/{lang}/account/my-data", "lerner"),
        ("my-groups", "/{lang}/my-groups/", "lerner"),
        ("join", "/{lang}/join", "lerner"),
        ("profile", "/{lang}/account/profile", "lerner"),
        ("change-password", "/{lang}/account/password", "lerner"),
        ("venue-form", "/{lang}/trainer/venues/new", "trainerin"),
        ("password-help-log", "/{lang}/admin/staff/password-help", "stadtadmin"),
    ]
    if course_id:
        listed.append(
            ("seminars-for-a-course", f"/{{lang}}/seminars/?course={course_id}&city=", None)
        )
    if seminar_id:
        listed += [
            ("seminar", f"/{{lang}}/seminars/{seminar_id}/", None),
            ("roster", f"/{{lang}}/trainer/seminars/{seminar_id}/", "trainerin"),
        ]
    if group_id:
        listed += [
            ("groups", "/{lang}/trainer/groups/", "trainerin"),
            ("group", f"/{{lang}}/trainer/groups/{group_id}/", "trainerin"),
            ("group-form", f"/{{lang}}/trainer/groups/{group_id}/edit", "trainerin"),
            ("join-sheet", f"/{{lang}}/trainer/groups/{group_id}/sheet", "trainerin"),
        ]
    return listed


def main() -> int:
    if not os.path.exists(CHROMIUM):
        print(f"No Chromium at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 1
    # Dozens of sign-ins a minute from one address are this script, not someone guessing.
    app = create_app({"RATELIMIT_ENABLED": False})
    with app.app_context():
        # The demo trainer's next seminar (the demo history adds past ones in every city).
        first = db.session.scalar(
            db.select(Seminar)
            .join(Seminar.city)
            .where(Seminar.starts_at > utcnow(), City.slug == "frankfurt")
            .order_by(Seminar.starts_at)
            .limit(1)
        )
        seminar_id, course_id = (first.id, first.course_id) if first else (None, None)
        group_id = db.session.scalar(db.select(LearningGroup.id).limit(1))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(exist_ok=True)
    written = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for lang in LANGUAGES:
            for device, width in WIDTHS.items():
                signed_in_as = None
                context = browser.new_context(
                    base_url=base, viewport={"width": width, "height": 900}
                )
                page = context.new_page()
                for name, path, account in pages(seminar_id, course_id, group_id):
                    if account != signed_in_as and account is not None:
                        context.clear_cookies()
                        page.goto(f"/{lang}/account/sign-in")
                        page.fill("#username", account)
                        page.fill("#password", "lernlotse-demo")
                        page.click("main form.form button[type=submit]")
                        signed_in_as = account
                    page.goto(path.format(lang=lang))
                    target = OUT / f"{lang}-{name}-{device}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written += 1
                context.close()
        browser.close()
    server.shutdown()
    print(f"{written} screenshots in {OUT}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
