"""Where a page's time goes (run by hand): each page of benchmarks/pages.py requested in one
process through Flask's test client, sampled by pyinstrument.

    DATABASE_URL=postgresql://lernlotse:lernlotse@127.0.0.1:5432/lernlotse_bench \
        .venv/bin/python -m benchmarks.profile [--only "lesson, signed in"] [--requests 300]

For each page it prints the milliseconds a request takes in Python (no gunicorn, no network),
first without the profiler (its sampling slows Python code more than waiting on the database)
and then with it, the functions that take the largest share of it, each counted once per request however deep it
recurses; then the same time by library (where the samples' innermost frames are). `--tree`
prints pyinstrument's call tree as well.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("LERNLOTSE_ENV", "development")
os.environ.setdefault("RATELIMIT_ENABLED", "0")
os.environ.setdefault("LOG_FORMAT", "json")

from pyinstrument import Profiler  # noqa: E402

from benchmarks.pages import LESSON, PAGES, PEOPLE, POST_MARK_DONE, csrf_token, roster_path  # noqa: E402
from benchmarks.reference import app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

#: Library names by where their files live, for the time-by-library summary.
LIBRARIES = (
    "sqlalchemy", "psycopg", "jinja2", "markupsafe", "werkzeug", "flask_wtf", "wtforms",
    "flask_login", "flask_babel", "babel", "flask_sqlalchemy", "flask_limiter", "limits",
    "itsdangerous", "flask", "logging", "json", "re", "urllib",
)  # fmt: skip


def client_for(who: str):
    client = app.test_client()
    if who == "visitor":
        return client
    usernames, password = PEOPLE[who]
    for username in usernames:
        page = client.get("/de/account/sign-in").get_data(as_text=True)
        response = client.post(
            "/de/account/sign-in",
            data={"username": username, "password": password, "csrf_token": csrf_token(page)},
        )
        if response.status_code == 302:
            return client
    raise SystemExit(f"no {who} could sign in: run benchmarks/generate.py first")


def requests_for(name: str, path: str, who: str):
    """A function making one request of the page, and a check that it answers."""
    client = client_for(who)
    if path == "{roster}":
        path = roster_path(client.get("/de/trainer/seminars/").get_data(as_text=True))
    if name == POST_MARK_DONE:
        token = csrf_token(client.get(LESSON).get_data(as_text=True))
        return lambda: client.post(LESSON + "done", data={"csrf_token": token})
    return lambda: client.get(path)


#: Frames every request passes through (the test client, Flask's dispatch, this script): left out
#: of the function table, which would otherwise start with twenty lines at 100 %.
CHROME = (
    "benchmarks/profile.py", "werkzeug/test.py", "flask/testing.py", "flask/app.py",
    "flask_login/utils.py", "flask/templating.py", "jinja2/environment.py",
)  # fmt: skip


def library(file_path: str) -> str:
    """Which library a file belongs to: an installed package, the app, or the standard library."""
    parts = Path(file_path).parts
    if "site-packages" in parts:
        name = parts[parts.index("site-packages") + 1]
        return name if name in LIBRARIES else "other libraries"
    if file_path.startswith(str(ROOT / "app")):
        return "app"
    name = next((part for part in parts[-2:] if Path(part).stem in LIBRARIES), None)
    return Path(name).stem if name else "python"


def shares(root, requests: int):
    """Inclusive time per function (once per stack) and self time per library, in ms per request."""
    inclusive: Counter = Counter()
    by_library: Counter = Counter()

    def walk(frame, on_stack: frozenset, parent_file: str = "") -> None:
        key = (frame.function, frame.file_path_short, frame.line_no)
        if key not in on_stack and not (frame.file_path or "").endswith(CHROME):
            inclusive[key] += frame.time
            on_stack = on_stack | {key}
        file_path = frame.file_path or parent_file  # "[self]" frames: their caller's file
        own = frame.time - sum(child.time for child in frame.children)
        by_library[library(file_path)] += own
        for child in frame.children:
            walk(child, on_stack, file_path)

    walk(root, frozenset())
    scale = 1000 / requests
    return (
        Counter({key: value * scale for key, value in inclusive.items()}),
        Counter({key: value * scale for key, value in by_library.items()}),
    )


def profile(name: str, request, count: int, top: int, tree: bool) -> None:
    for _ in range(20):  # warm: templates compiled, caches filled
        assert request().status_code < 400, name
    started = time.perf_counter()
    for _ in range(count):
        request()
    plain = (time.perf_counter() - started) * 1000 / count
    profiler = Profiler(interval=0.0002)
    started = time.perf_counter()
    profiler.start()
    for _ in range(count):
        request()
    profiler.stop()
    wall = (time.perf_counter() - started) * 1000 / count
    root = profiler.last_session.root_frame()
    inclusive, by_library = shares(root, count)
    print(
        f"\n## {name}: {plain:.2f} ms a request without the profiler, {wall:.2f} ms with it"
        f" ({count} requests each, in one process)\n"
    )
    print("| function | ms | share |\n|---|---|---|")
    total = root.time * 1000 / count
    for (function, where, line), ms in inclusive.most_common(top):
        if ms / total < 0.04:
            break
        print(f"| `{function}` ({where}:{line}) | {ms:.2f} | {ms / total:.0%} |")
    print("\nSelf time by library: " + ", ".join(
        f"{lib} {ms / total:.0%}" for lib, ms in Counter(by_library).most_common(10) if ms / total >= 0.02
    ))  # fmt: skip
    if tree:
        print(profiler.output_text(unicode=False, color=False, show_all=False))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", default=[], help="profile only this page")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--tree", action="store_true")
    args = parser.parse_args()
    quiet = open(os.devnull, "w")  # noqa: SIM115 - open while the process runs
    for logger in (logging.getLogger(), logging.getLogger("lernlotse")):
        for handler in logger.handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(quiet)  # the log lines are still made, as in production
    pages = {**PAGES, POST_MARK_DONE: (LESSON + "done", "learner")}
    with app.app_context():
        print(f"Database: {app.config['SQLALCHEMY_DATABASE_URI'].rsplit('@', 1)[-1]}")
    for name, (path, who) in pages.items():
        if args.only and name not in args.only:
            continue
        profile(name, requests_for(name, path, who), args.requests, args.top, args.tree)
    return 0


if __name__ == "__main__":
    sys.exit(main())
