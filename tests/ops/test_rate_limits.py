"""Guessing is slowed down and cannot be turned against the owner: the sign-in limits per address,
per address and account, and per account (except from the owner's own browsers), counted in a
store every worker shares. Each test runs with the in-process store and with a real Redis."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from app import create_app
from app.config import PROJECT_ROOT
from app.extensions import db, limiter
from tests.factories import PASSWORD, make_user
from tests.servers import app_server, redis_url, server_environment  # noqa: F401  (fixture)
from tests.web import csrf_token


@pytest.fixture(params=["memory", "redis"])
def limited(app, request):
    """A second app on the same database, with rate limits on (the suite's app has them off)."""
    storage = "memory://" if request.param == "memory" else request.getfixturevalue("redis_url")
    config = {
        key: app.config[key]
        for key in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "COURSES_DIR", "TESTING")
    }
    limited_app = create_app(
        {
            **config,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": storage,
            "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": False,
        }
    )
    limited_app.test_client_class = app.test_client_class
    limiter.reset()
    yield limited_app
    # The limiter is one object shared by both apps: empty it and switch it back off.
    limiter.reset()
    limiter.enabled = False
    with limited_app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def attempt(client, username: str, password: str = "wrong password", address: str = "10.0.0.1"):
    return client.post(
        "/de/account/sign-in",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
        environ_base={"REMOTE_ADDR": address},
    )


def test_guesses_at_one_account_are_slowed_down_for_a_minute_not_locked(limited):
    make_user()
    attacker = limited.test_client()
    for _ in range(5):
        assert attempt(attacker, "maria").status_code == 200
    refused = attempt(attacker, "maria")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60  # a delay, not a lock-out
    html = refused.get_data(as_text=True)
    assert '<html lang="de"' in html and "Zu viele Versuche" in html
    # Another account from the same address is not affected.
    assert attempt(attacker, "someone-else").status_code == 200


def test_the_owner_signs_in_from_their_own_browser_while_someone_else_guesses(limited):
    make_user()
    owner = limited.test_client()
    assert attempt(owner, "maria", PASSWORD, address="192.0.2.7").status_code == 302
    owner.post("/de/account/sign-out", data={"csrf_token": csrf_token(owner)})
    # Guesses from many addresses use up what the account allows from unknown browsers …
    for number in range(5):
        attempt(limited.test_client(), "maria", address=f"10.0.1.{number}")
    assert attempt(limited.test_client(), "maria", PASSWORD, address="10.0.2.1").status_code == 429
    # … but the owner's browser, which signed in before, is not held back.
    assert attempt(owner, "maria", PASSWORD, address="192.0.2.7").status_code == 302


def test_only_failed_attempts_count_against_an_account(limited):
    make_user()
    client = limited.test_client()
    for _ in range(12):
        assert attempt(client, "maria", PASSWORD).status_code == 302
        client.post("/de/account/sign-out", data={"csrf_token": csrf_token(client)})


def test_one_address_is_limited_whatever_names_it_tries(limited):
    client = limited.test_client()
    statuses = [attempt(client, f"name{number}").status_code for number in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429


def test_a_flood_of_reset_requests_sends_the_owner_three_e_mails_and_tells_nobody(app, client):
    from app.models import OutboxMessage

    make_user(email="maria@example.org")
    token = csrf_token(client, "/de/account/reset")
    pages = {
        client.post("/de/account/reset", data={"account": "maria", "csrf_token": token}).headers[
            "Location"
        ]
        for _ in range(6)
    }
    assert len(pages) == 1  # the same answer every time
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 3


def test_the_sign_in_message_is_the_same_for_unknown_users_and_wrong_passwords(client):
    make_user()
    wrong_password = attempt(client, "maria").get_data(as_text=True)
    unknown = attempt(client, "nobody-here").get_data(as_text=True)
    message = "Benutzername oder Passwort stimmen nicht"
    assert (message in wrong_password) == (message in unknown)

    def main(page: str, username: str) -> str:
        page = page[page.index("<main") : page.index("</main>")].replace(username, "X")
        return re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", page)

    assert main(wrong_password, "maria") == main(unknown, "nobody-here")


def test_every_gunicorn_worker_counts_in_the_same_store(app, redis_url):  # noqa: F811
    """As `make serve` runs it: three workers, 60 wrong passwords, exactly 5 tried."""
    make_user()
    env = server_environment(app, RATELIMIT_STORAGE_URI=redis_url)
    with app_server(env, workers=3) as base:
        session = requests.Session()
        page = session.get(base + "/de/account/sign-in", timeout=10).text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        statuses = [
            session.post(
                base + "/de/account/sign-in",
                data={"username": "maria", "password": "wrong", "csrf_token": token},
                timeout=10,
            ).status_code
            for _ in range(60)
        ]
    assert statuses.count(200) == 5 and statuses.count(429) == 55


def test_production_refuses_a_per_process_store_for_several_workers(app, tmp_path):
    env = server_environment(
        app,
        LERNLOTSE_ENV="production",
        SECRET_KEY="k" * 40,
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_ONE_PROCESS="1",  # the app alone would accept it …
        GUNICORN_WORKERS="2",  # … but gunicorn would start two processes
        GUNICORN_BIND="127.0.0.1:0",
    )
    result = subprocess.run(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "RATELIMIT_STORAGE_URI=redis://" in result.stderr


def test_a_class_scanning_the_join_sheet_gets_in_but_typed_guesses_are_slowed(limited):
    from sqlalchemy import select

    from app.groups import services as groups
    from app.models import Course
    from tests.factories import make_trainer

    course = db.session.scalar(select(Course.id).where(Course.slug == "online-termin"))
    group = groups.create_group(make_trainer(), groups.GroupData("Lerncafé", [course]))
    db.session.commit()
    library = {"REMOTE_ADDR": "10.0.3.1"}  # thirty phones behind the library's one address
    client = limited.test_client()
    scans = [
        client.get(f"/de/join/{group.code}", environ_base=library).status_code for _ in range(30)
    ]
    assert scans == [200] * 30
    token = csrf_token(client)
    typed = [
        client.post(
            "/de/join", data={"code": f"AAA{n:03d}", "csrf_token": token}, environ_base=library
        ).status_code
        for n in range(21)
    ]
    assert typed[:20] == [200] * 20 and typed[20] == 429
