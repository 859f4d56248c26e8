"""`make screenshots-practices`: every screen of every practice at 390 px, in German and Arabic.

For a person to look at, as a resident on a phone would see them: the start page, each screen
as it first appears, and each screen after sending it empty (the errors and the first hint). Uses
the development database that `make run` prepares and Debian's Chromium.
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
from app.models import Course, Practice, PracticeText  # noqa: E402
from scripts.chromium import CHROMIUM, FLAGS  # noqa: E402

OUT = Path(os.environ.get("SCREENSHOTS_DIR", "screenshots")) / "practices"
WIDTH = 390
LANGUAGES = ("de", "ar")


def practices() -> list[tuple[str, str, list[tuple[str, bool]]]]:
    """(course slug, practice slug, [(screen id, has parts to send)]) of every active practice."""
    found = []
    rows = db.session.execute(
        db.select(Course.slug, Practice.slug, PracticeText.screens)
        .join(Practice, Practice.course_id == Course.id)
        .join(PracticeText, PracticeText.practice_id == Practice.id)
        .where(Practice.retired_at.is_(None), PracticeText.language == Course.source_language)
        .order_by(Course.slug, Practice.position)
    )
    for course, practice, screens in rows:
        found.append(
            (
                course,
                practice,
                [(screen["id"], bool(screen["parts"])) for screen in screens],
            )
        )
    return found


def main() -> int:
    if not os.path.exists(CHROMIUM):
        print(f"No Chromium at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 1
    app = create_app({"RATELIMIT_ENABLED": False})
    with app.app_context():
        listed = practices()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(parents=True, exist_ok=True)
    written = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for lang in LANGUAGES:
            context = browser.new_context(base_url=base, viewport={"width": WIDTH, "height": 844})
            page = context.new_page()
            for course, practice, screens in listed:
                start = f"/{lang}/courses/{course}/practice/{practice}/"
                page.goto(start)
                page.screenshot(path=str(OUT / f"{lang}-{practice}-0-start.png"), full_page=True)
                written += 1
                for number, (screen, has_parts) in enumerate(screens, 1):
                    page.goto(f"{start}{screen}/")
                    name = f"{lang}-{practice}-{number}-{screen}"
                    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
                    written += 1
                    if has_parts:
                        page.click("form.replica button[value=send]")
                        page.screenshot(path=str(OUT / f"{name}-sent.png"), full_page=True)
                        written += 1
            context.close()
        browser.close()
    server.shutdown()
    print(f"{written} screenshots in {OUT}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
