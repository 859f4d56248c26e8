"""Real servers for the tests that need more than one process: Redis, and the app under gunicorn.

`redis_url` uses TEST_REDIS_URL when CI gives one, else starts Debian's redis-server on a free
port; without either the tests that need it are skipped with a message (CI installs Redis, so
there they always run). `app_server` runs the app under gunicorn, as `make serve` does, on the test
database.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from app.config import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(check, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {seconds} s")


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    import redis

    url = os.environ.get("TEST_REDIS_URL")
    if url:
        redis.Redis.from_url(url).flushdb()
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("no Redis: apt-get install redis-server, or set TEST_REDIS_URL (CI does)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait_for(lambda: redis.Redis.from_url(url).ping(), "redis-server")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def server_environment(app, **extra: str) -> dict[str, str]:
    """The environment of a server process that serves the test app's database and content."""
    env = {
        **os.environ,
        "LERNLOTSE_ENV": "development",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "COURSES_DIR": app.config["COURSES_DIR"],
        "LOG_LEVEL": "WARNING",
    }
    env.update(extra)
    return env


@contextlib.contextmanager
def app_server(env: dict[str, str], workers: int = 1) -> Iterator[str]:
    """The app under gunicorn with gunicorn.conf.py; yields its address."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=PROJECT_ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": str(workers),
                "GUNICORN_THREADS": "1",
            },
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            try:
                _wait_for(lambda: requests.get(base + "/healthz", timeout=2).ok, "gunicorn")
            except RuntimeError:
                process.kill()
                process.wait()
                log.seek(0)
                raise RuntimeError(log.read().decode()[-2000:]) from None
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)
