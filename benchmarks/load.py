"""Load benchmark (run by hand): the app under gunicorn next to a minimal Flask route, with wrk.

    .venv/bin/python -m benchmarks.load \
        --demo postgresql://lernlotse:lernlotse@127.0.0.1:5432/lernlotse_bench_demo \
        --scale postgresql://lernlotse:lernlotse@127.0.0.1:5432/lernlotse_bench

Both databases come from benchmarks/generate.py (with and without --demo). For each, the app runs
under gunicorn with gunicorn.conf.py (benchmarks/reference.py: the real app plus the reference
route, a static 30 KB page through the same middleware); the minimal route (benchmarks/minimal.py)
runs under the same configuration in the same run, as the baseline. Prints requests/s and p50/p95/p99 per page, the
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
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests

from benchmarks.pages import LESSON, PAGES, PEOPLE, POST_MARK_DONE, csrf_token, roster_path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


@dataclass
class Runs:
    """How each page is measured (set from the command line)."""

    repeat: int = 3  # wrk runs per page; the figures are their medians
    duration: int = 5  # seconds per run
    connections: int = 16


RUNS = Runs()
MEDIANS = ("rps", "p50_ms", "p95_ms", "p99_ms")


@contextmanager
def gunicorn(target: str, port: int, env: dict[str, str], root: Path = ROOT):
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", target],
        cwd=root,
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
    # Not counted: every worker compiles its templates and fills what it keeps (the report
    # figures take seconds at city scale) before the runs that are.
    subprocess.run(
        ["wrk", "-t2", f"-c{RUNS.connections}", "-d2s", "-s", "benchmarks/report.lua", url],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        check=True,
    )
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


def sign_in(base: str, who: str) -> requests.Session:
    """A session signed in as the first of *who*'s candidates that exists (benchmarks/pages.py)."""
    usernames, password = PEOPLE[who]
    for username in usernames:
        session = requests.Session()
        token = csrf_token(session.get(base + "/de/account/sign-in").text)
        response = session.post(
            base + "/de/account/sign-in",
            data={"username": username, "password": password, "csrf_token": token},
            allow_redirects=False,
        )
        if response.status_code == 302:
            session.username = username  # type: ignore[attr-defined]
            return session
    raise SystemExit(f"no {who} could sign in: run benchmarks/generate.py first")


def cookie_of(session: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def page_weight(base: str, path: str, session: requests.Session) -> int:
    html = session.get(base + path).text
    total = len(html.encode())
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        total += len(session.get(urljoin(base, asset)).content)
    return total


#: Suffix of the rows measured on the --before checkout.
BEFORE = " (before)"


def measure(database: str, port: int, only: list[str], before: Path | None) -> dict[str, dict]:
    env = {
        "DATABASE_URL": database,
        "LERNLOTSE_ENV": "development",  # plain http on 127.0.0.1 (secure cookies need https)
        "LOG_FORMAT": "json",
        "RATELIMIT_ENABLED": "0",
    }
    results: dict[str, dict] = {"minimal route": _minimal_route(port + 1)}
    with ExitStack() as servers:
        apps = {"": servers.enter_context(gunicorn("benchmarks.reference:app", port, env))}
        if before is not None:
            apps[BEFORE] = servers.enter_context(
                gunicorn("benchmarks.reference:app", port + 2, env, root=before)
            )
        _measure_apps(results, apps, only)
    # Measured again after the pages: on two shared cores one reading of the baseline moves by a
    # third from run to run; the shares use the mean of both.
    results["minimal route, again"] = _minimal_route(port + 1)
    return results


def _minimal_route(port: int) -> dict:
    with gunicorn("benchmarks.minimal:app", port, {}) as minimal:
        return wrk(minimal + "/")


def _measure_apps(results: dict, apps: dict[str, str], only: list[str]) -> None:
    """Each page on each app in turn (this checkout, then --before's), so that both see the same
    machine."""
    sessions = {
        suffix: {who: sign_in(base, who) for who in PEOPLE} for suffix, base in apps.items()
    }
    for name, (path, who) in PAGES.items():
        if only and name not in only:
            continue
        for suffix, base in apps.items():
            reader = sessions[suffix].get(who) or requests.Session()
            here = path
            if path == "{roster}":
                here = roster_path(reader.get(base + "/de/trainer/seminars/").text)
            env = {"BENCH_COOKIE": cookie_of(reader)} if who != "visitor" else {}
            results[name + suffix] = wrk(base + here, env)
            results[name + suffix]["bytes"] = page_weight(base, here, reader)
    results["_learner"] = {"username": sessions[""]["learner"].username}  # type: ignore[attr-defined]
    if only and POST_MARK_DONE not in only:
        return
    for suffix, base in apps.items():
        learner = sessions[suffix]["learner"]
        token = csrf_token(learner.get(base + LESSON).text)
        results[POST_MARK_DONE + suffix] = wrk(
            base + LESSON + "done",
            {
                "BENCH_METHOD": "POST",
                "BENCH_BODY": f"csrf_token={token}",
                "BENCH_COOKIE": cookie_of(learner),
            },
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
    parser.add_argument(
        "--before",
        type=Path,
        help="another checkout (e.g. `git worktree add /tmp/before <commit>`) measured page by "
        "page beside this one",
    )
    args = parser.parse_args()
    RUNS.repeat, RUNS.duration, RUNS.connections = args.repeat, args.duration, args.connections
    runs = {
        "demo": measure(args.demo, args.port, args.only, args.before),
        "scale": measure(args.scale, args.port, args.only, args.before),
    }
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2))
    print(f"gunicorn.conf.py, median of {RUNS.repeat} runs of wrk -t2 -c{RUNS.connections} -d{RUNS.duration}s; "
          f"learner: {runs['scale']['_learner']['username']} (scale), "
          f"{runs['demo']['_learner']['username']} (demo)")  # fmt: skip
    header = f"{'page':<36}{'data':>6}{'req/s':>9}{'vs min':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'p95 x':>7}{'KB':>7}"
    print(header)
    names = ["minimal route", "minimal route, again", *PAGES, POST_MARK_DONE]
    for name in [row + suffix for row in names for suffix in ("", BEFORE)]:
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
                f"{name:<36}{data:>6}{row['rps']:>9.0f}{row['rps'] / baseline:>8.0%}"
                f"{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['p99_ms']:>9.1f}"
                f"{p95_ratio:>7.2f}{weight:>7}" + (f"  ({failures} failed)" if failures else "")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
