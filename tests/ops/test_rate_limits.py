"""Guessing is slowed down: sign-in and sign-up are rate limited, per address and per username,
with a clear page in the visitor's language; the messages never tell which usernames exist."""

from __future__ import annotations

import re

import pytest

from app import create_app
from app.extensions import db, limiter
from tests.conftest import csrf_token, make_user


@pytest.fixture
def limited(app):
    """A second app on the same database, with rate limits on (the suite's app has them off)."""
    config = {
        key: app.config[key]
        for key in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "COURSES_DIR", "TESTING")
    }
    limited_app = create_app({**config, "RATELIMIT_ENABLED": True})
    limited_app.test_client_class = app.test_client_class
    yield limited_app
    # The limiter is one object shared by both apps: switch it back off for the rest of the suite.
    limiter.reset()
    limiter.enabled = False
    with limited_app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def attempt(client, username: str, password: str = "wrong password"):
    return client.post(
        "/de/account/sign-in",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
    )


def test_sign_in_attempts_on_one_username_are_limited(limited):
    make_user()
    client = limited.test_client()
    for _ in range(10):
        assert attempt(client, "maria").status_code == 200
    refused = attempt(client, "maria")
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    html = refused.get_data(as_text=True)
    assert '<html lang="de"' in html and "Zu viele Versuche" in html
    # Another username from the same address still gets its own attempts.
    assert attempt(client, "someone-else").status_code == 200


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
