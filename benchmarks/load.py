"""Load benchmark (run by hand): the app under gunicorn next to a minimal Flask route, with wrk.

    .venv/bin/python benchmarks/load.py \
        --demo postgresql://lernlotse:lernlotse@127.0.0.1:5432/lernlotse_bench_demo \
        --scale postgresql://lernlotse:lernlotse@127.0.0.1:5432/lernlotse_bench

Both databases come from benchmarks/generate.py (with and without --demo). For each, the app runs
under gunicorn with gunicorn.conf.py; the minimal route (benchmarks/minimal.py) runs under the same
configuration in the same run, as the baseline. Prints requests/s and p50/p95/p99 per page, the
ratios the targets are stated in, and each page's weight (HTML + CSS + JS, uncompressed).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PASSWORD = "benchmark-password"


@dataclass
class Runs:
    """How each page is measured (set from the command line)."""

    repeat: int = 3  # wrk runs per page; the figures are their medians
    duration: int = 5  # seconds per run
    connections: int = 16


RUNS = Runs()
MEDIANS = ("rps", "p50_ms", "p95_ms", "p99_ms")
LESSON = "/de/courses/online-termin/termin-buchen/"
#: Page name: (path, who asks). Visitors send no cookie, as a first visit does; "learner" is the
#: signed-in learner with history. Pages most people read are measured for both.
PAGES = {
    "home": ("/de/", "visitor"),
    "catalogue (filtered)": ("/de/?topic=appointments&level=beginner", "visitor"),
    "lesson": (LESSON, "visitor"),
    "catalogue, signed in": ("/de/?topic=appointments&level=beginner", "learner"),
    "lesson, signed in": (LESSON, "learner"),
    "my courses": ("/de/my/", "learner"),
    "seminar list": ("/de/seminars/", "visitor"),
}


@contextmanager
def gunicorn(target: str, port: int, env: dict[str, str]):
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", target],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(url: str, env: dict[str, str] | None = None) -> dict:
    """RUNS.repeat runs of wrk against *url*: the median of each figure, and every failure."""
    command = ["wrk", "-t2", f"-c{RUNS.connections}", f"-d{RUNS.duration}s"]
    runs = []
    for _ in range(RUNS.repeat):
        result = subprocess.run(
            [*command, "-s", "benchmarks/report.lua", url],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    figures = {key: statistics.median(run[key] for run in runs) for key in MEDIANS}
    figures.update({key: sum(run[key] for run in runs) for key in ("errors", "non_2xx_3xx")})
    return figures


def csrf_token(html: str) -> str:
    """The form token, whichever way the template writes the hidden field."""
    field = re.search(r'<input[^>]*name="csrf_token"[^>]*>', html).group(0)
    return re.search(r'value="([^"]+)"', field).group(1)


def sign_in(base: str) -> tuple[requests.Session, str]:
    """A learner with history: bench1 at city scale, the demo learner otherwise."""
    for username in ("bench1", "lerner"):
        session = requests.Session()
        page = session.get(base + "/de/account/sign-in").text
        token = csrf_token(page)
        response = session.post(
            base + "/de/account/sign-in",
            data={"username": username, "password": PASSWORD, "csrf_token": token},
            allow_redirects=False,
        )
        if response.status_code == 302:
            return session, username
    raise SystemExit("no benchmark learner could sign in: run benchmarks/generate.py first")


def page_weight(base: str, path: str, session: requests.Session) -> int:
    html = session.get(base + path).text
    total = len(html.encode())
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        total += len(session.get(urljoin(base, asset)).content)
    return total


def measure(database: str, port: int, only: list[str]) -> dict[str, dict]:
    env = {
        "DATABASE_URL": database,
        "LERNLOTSE_ENV": "development",  # plain http on 127.0.0.1 (secure cookies need https)
        "LOG_FORMAT": "json",
        "RATELIMIT_ENABLED": "0",
    }
    results: dict[str, dict] = {"minimal route": _minimal_route(port + 1)}
    _measure_app(results, port, only, env)
    # Measured again after the pages: on two shared cores one reading of the baseline moves by a
    # third from run to run; the shares use the mean of both.
    results["minimal route, again"] = _minimal_route(port + 1)
    return results


def _minimal_route(port: int) -> dict:
    with gunicorn("benchmarks.minimal:app", port, {}) as minimal:
        return wrk(minimal + "/")


def _measure_app(results: dict, port: int, only: list[str], app_env: dict[str, str]) -> None:
    with gunicorn("wsgi:app", port, app_env) as base:
        session, username = sign_in(base)
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        for name, (path, who) in PAGES.items():
            if only and name not in only:
                continue
            results[name] = wrk(base + path, {"BENCH_COOKIE": cookie} if who == "learner" else {})
            reader = session if who == "learner" else requests.Session()
            results[name]["bytes"] = page_weight(base, path, reader)
        results["_learner"] = {"username": username}
        if only and "POST mark done" not in only:
            return
        lesson = session.get(base + LESSON).text
        token = csrf_token(lesson)
        results["POST mark done"] = wrk(
            base + LESSON + "done",
            {"BENCH_METHOD": "POST", "BENCH_BODY": f"csrf_token={token}", "BENCH_COOKIE": cookie},
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--demo", required=True, help="database URL with the demo data")
    parser.add_argument("--scale", required=True, help="database URL with city-scale data")
    parser.add_argument("--repeat", type=int, default=RUNS.repeat, help="wrk runs per page")
    parser.add_argument("--duration", type=int, default=RUNS.duration, help="seconds per run")
    parser.add_argument("--connections", type=int, default=RUNS.connections)
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--only", action="append", default=[], help="measure only this page")
    args = parser.parse_args()
    RUNS.repeat, RUNS.duration, RUNS.connections = args.repeat, args.duration, args.connections
    runs = {
        "demo": measure(args.demo, args.port, args.only),
        "scale": measure(args.scale, args.port, args.only),
    }
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2))
    print(f"gunicorn.conf.py, median of {RUNS.repeat} runs of wrk -t2 -c{RUNS.connections} -d{RUNS.duration}s; "
          f"learner: {runs['scale']['_learner']['username']} (scale), "
          f"{runs['demo']['_learner']['username']} (demo)")  # fmt: skip
    header = f"{'page':<22}{'data':>6}{'req/s':>9}{'vs min':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'p95 x':>7}{'KB':>7}"
    print(header)
    for name in ["minimal route", "minimal route, again", *PAGES, "POST mark done"]:
        if name not in runs["scale"]:
            continue
        for data in ("demo", "scale"):
            row = runs[data][name]
            baseline = (
                runs[data]["minimal route"]["rps"] + runs[data]["minimal route, again"]["rps"]
            ) / 2
            p95_ratio = row["p95_ms"] / runs["demo"][name]["p95_ms"] if data == "scale" else 1.0
            weight = f"{row['bytes'] / 1024:.1f}" if "bytes" in row else ""
            failures = row["errors"] + row["non_2xx_3xx"]
            print(
                f"{name:<22}{data:>6}{row['rps']:>9.0f}{row['rps'] / baseline:>8.0%}"
                f"{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['p99_ms']:>9.1f}"
                f"{p95_ratio:>7.2f}{weight:>7}" + (f"  ({failures} failed)" if failures else "")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
