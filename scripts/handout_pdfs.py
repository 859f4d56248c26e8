"""`make handouts`: every course's handout printed to PDF by Chromium, as a trainer would print it.

German and Arabic, normal and large print, A4, from the development database that `make run`
prepares. For a person to look at (page breaks, QR codes, large print) and for a trainer who wants
the files. Writes into screenshots/handouts/ (HANDOUTS_DIR to change it).
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
from app.models import Course  # noqa: E402
from scripts.chromium import CHROMIUM, FLAGS  # noqa: E402

OUT = Path(os.environ.get("HANDOUTS_DIR", Path("screenshots") / "handouts"))
LANGUAGES = ("de", "ar")
SIZES = {"normal": "", "large": "?print=large"}


def main() -> int:
    if not os.path.exists(CHROMIUM):
        print(f"No Chromium at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 1
    app = create_app({"RATELIMIT_ENABLED": False})
    with app.app_context():
        courses = list(
            db.session.scalars(
                db.select(Course.slug).where(Course.retired_at.is_(None)).order_by(Course.slug)
            )
        )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(parents=True, exist_ok=True)
    written = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(base_url=base)
        for lang in LANGUAGES:
            for course in courses:
                for size, query in SIZES.items():
                    page.goto(f"/{lang}/courses/{course}/handout{query}")
                    # The page's own print styles (A4, margins) decide the layout.
                    page.pdf(
                        path=str(OUT / f"{lang}-{course}-{size}.pdf"),
                        prefer_css_page_size=True,
                        print_background=True,
                    )
                    written += 1
        browser.close()
    server.shutdown()
    print(f"{written} PDFs in {OUT}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
