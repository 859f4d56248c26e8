"""Running in production: refusing a weak secret, secure cookies and headers, CSRF on every
state-changing route, a health check, structured logs and backups."""

from __future__ import annotations

import json
import logging
import re
import sqlite3

import pytest
from sqlalchemy import func, select

from app import create_app
from app.config import ConfigError
from app.extensions import db
from app.models import Course
from app.observability import JsonFormatter
from tests.factories import make_user
from tests.ops import example_url

STRONG_KEY = "k" * 40


@pytest.fixture
def production(monkeypatch, tmp_path):
    """An app configured as in production, on an empty SQLite file."""

    def build(
        secret: str | None = STRONG_KEY,
        database: str | None = None,
        limits: str | None = "redis://localhost:6379/0",
    ):
        monkeypatch.setenv("LERNLOTSE_ENV", "production")
        monkeypatch.setenv("DATABASE_URL", database or f"sqlite:///{tmp_path / 'prod.sqlite'}")
        if limits is None:
            monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
        else:
            monkeypatch.setenv("RATELIMIT_STORAGE_URI", limits)
        if secret is None:
            monkeypatch.delenv("SECRET_KEY", raising=False)
        else:
            monkeypatch.setenv("SECRET_KEY", secret)
        app = create_app()
        return app

    logger = logging.getLogger("lernlotse")
    saved = (logger.handlers[:], logger.propagate, logger.level)
    yield build
    # A production app sends the log to stdout; give it back to pytest for the other tests.
    logger.handlers[:], logger.propagate, logger.level = saved


@pytest.mark.parametrize("secret", [None, "dev-only-not-secret", "short"])
def test_production_refuses_to_start_without_a_real_secret_key(production, secret):
    with pytest.raises(ConfigError, match="SECRET_KEY must be set to a random value"):
        production(secret)


def test_production_cookies_are_secure_and_https_is_remembered(production):
    app = production()
    with app.app_context():
        client = app.test_client()
        response = client.get("/healthz")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def test_session_cookie_is_httponly_and_samesite_lax(client):
    response = client.get("/de/account/sign-in")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development over plain http on 127.0.0.1


def test_pages_carry_a_strict_content_security_policy_and_no_framing(client):
    response = client.get("/de/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    # A course image keeps its own, stricter policy.
    image = client.get("/media/sicher-online/de/phishing-mail.svg")
    image.close()
    assert image.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_every_state_changing_route_refuses_a_request_without_csrf_token(app, client, auth):
    make_user()
    auth.sign_in()
    checked = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        url = example_url(rule)
        response = client.post(url, data={"anything": "1"})
        assert response.status_code == 400, (url, response.status_code)
        checked.append(url)
    assert len(checked) >= 20


def test_healthz_says_whether_the_database_answers(client, production):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
    broken = production(database="postgresql://nobody:wrong@127.0.0.1:1/nothing")
    with broken.app_context():
        response = broken.test_client().get("/healthz")
        assert response.status_code == 503
        assert response.get_json() == {"status": "error", "database": "unreachable"}
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def test_log_lines_are_json_with_the_request_but_no_query_or_address(client, caplog):
    caplog.set_level(logging.INFO, logger="lernlotse.request")
    client.get("/de/seminars/?city=frankfurt", headers={"X-Request-ID": "abc123"})
    [record] = [r for r in caplog.records if r.name == "lernlotse.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["path"] == "/de/seminars/" and line["status"] == 200
    assert line["method"] == "GET" and line["request_id"] == "abc123"
    assert isinstance(line["duration_ms"], float)
    assert "frankfurt" not in json.dumps(line) and "127.0.0.1" not in json.dumps(line)


def test_db_backup_writes_a_consistent_copy(app, runner, tmp_path):
    make_user(username="backup_check")
    target = tmp_path / (
        "copy.dump" if db.engine.url.get_backend_name() == "postgresql" else "copy.sqlite"
    )
    result = runner.invoke(args=["db", "backup", "--to", str(target)])
    assert result.exit_code == 0, result.output
    assert re.search(r"Backup written to .* bytes\)\.", result.output)
    if db.engine.url.get_backend_name() == "postgresql":
        assert target.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
        return
    with sqlite3.connect(target) as copy:
        users = copy.execute("select username from user").fetchall()
        courses = copy.execute("select count(*) from course").fetchone()[0]
    copy.close()
    assert ("backup_check",) in users
    assert courses == db.session.scalar(select(func.count(Course.id)))


def test_postgresql_connections_carry_a_statement_timeout(app):
    if db.engine.url.get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL only: CI runs the suite on PostgreSQL too (TEST_DATABASE_URL)")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "10s"
    assert db.engine.pool.size() == 5


def test_production_refuses_rate_limits_counted_per_process(production, monkeypatch):
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI must name a store"):
        production(limits="memory://")
    with pytest.raises(ConfigError, match="redis://localhost:6379/0"):
        production(limits=None)
    # One process only, said out loud: then memory:// is right.
    monkeypatch.setenv("RATELIMIT_ONE_PROCESS", "1")
    assert production(limits=None).config["RATELIMIT_STORAGE_URI"] == "memory://"
