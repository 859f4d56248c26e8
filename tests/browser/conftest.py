"""Browser tests: the real app on a real HTTP server, driven by Debian's Chromium.

They are skipped, with a message saying so, when Chromium is not installed (CI installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading

import pytest
from werkzeug.serving import make_server

from scripts.chromium import CHROMIUM, FLAGS


def pytest_collection_modifyitems(config, items):
    """Every test here is marked `browser` (`pytest -m "not browser"` runs the rest), and skipped
    with a message when there is no Chromium."""
    skip = pytest.mark.skip(
        reason=f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if not os.path.exists(CHROMIUM):
                item.add_marker(skip)


def _closed_when_sent(app):
    """Close each response as soon as its last byte is written.

    Werkzeug's development server closes the response only after draining the socket, and skips the
    close when that drain fails because the browser has already hung up (Chromium does, on
    favicons and cached files). The open static file then surfaces as a ResourceWarning in
    whichever test runs next. Closing here makes the server's own close a no-op.
    """

    def serve(environ, start_response):
        body = app(environ, start_response)
        try:
            yield from body
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return serve


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, _closed_when_sent(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # The HTML as the server sent it (page.content() is the browser's repaired DOM).
    page.documents = {}
    page.on(
        "response",
        lambda response: (
            page.documents.__setitem__(response.url, response)
            if response.request.resource_type == "document"
            and response.request.frame == page.main_frame
            else None
        ),
    )
    # Every request the pages make that does not go to this site (fonts, scripts, images, beacons).
    page.outside = []
    page.on(
        "request",
        lambda request: (
            page.outside.append(request.url)
            if not request.url.startswith((live_server + "/", "data:", "about:", "blob:"))
            else None
        ),
    )
    # What the browser complains about: a script error, or anything the Content-Security-Policy
    # refused (Chromium reports each refusal as a console error).
    page.console_errors = []

    def on_console(message) -> None:
        if message.type != "error":
            return
        # The error pages are visited on purpose: their own status is not a complaint (a missing
        # stylesheet or image on any page still is).
        if message.text.startswith("Failed to load resource") and (
            message.location.get("url") == page.url
        ):
            return
        page.console_errors.append(f"{page.url}: {message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.console_errors.append(f"{page.url}: {error}"))
    yield page
    context.close()


def sign_in(page, username: str, password: str, lang: str = "de") -> None:
    page.goto(f"/{lang}/account/sign-in")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("main form.form button[type=submit]")
    page.wait_for_load_state()
    assert "/account/sign-in" not in page.url, "sign-in failed"


NU_JAR = os.environ.get(
    "VNU_JAR",
    os.path.join(
        os.path.dirname(__file__), "..", "..", ".tools/node_modules/vnu-jar/build/dist/vnu.jar"
    ),
)


def served_html(page) -> str:
    """The HTML the server sent for the page now shown."""
    response = page.documents.get(page.url)
    return response.text() if response is not None else page.content()


def nu_errors(snapshots: list[tuple[str, str]], folder) -> list[str]:
    """Errors the Nu HTML Checker (vnu) finds in saved pages; it cannot fetch loopback URLs."""
    if not (os.path.exists(NU_JAR) and shutil.which("java")):
        pytest.skip(f"Nu HTML Checker not installed at {NU_JAR} (make tools)")
    files = []
    for index, (url, html) in enumerate(snapshots):
        path = folder / f"page-{index:03d}.html"
        path.write_text(html, encoding="utf-8")
        files.append((str(path), url))
    result = subprocess.run(
        ["java", "-jar", NU_JAR, "--errors-only", "--format", "gnu", *[f for f, _ in files]],
        capture_output=True,
        text=True,
        check=False,
    )
    urls = dict(files)
    errors = []
    for line in result.stderr.splitlines() + result.stdout.splitlines():
        match = re.match(r'"?file:(.+?\.html)"?:(.*)', line)
        if match:
            errors.append(f"{urls.get(match.group(1), match.group(1))}:{match.group(2)}")
        elif line.strip():
            errors.append(line)
    return errors
