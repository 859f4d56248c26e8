"""Talking to the app as a browser does: the form token, signing in, posting with the token."""

from __future__ import annotations

import re

from tests.factories import PASSWORD

CSRF_RE = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


# A lesson with self-checks: its forms carry a token whoever is signed in.
TOKEN_PAGE = "/de/courses/online-ausweis/was-sie-brauchen/"


def csrf_token(client, page: str = TOKEN_PAGE) -> str:
    """The CSRF token of the client's session, read from a real form."""
    html = client.get(page).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no CSRF token on {page}"
    return match.group(1) or match.group(2)


class AuthActions:
    def __init__(self, client) -> None:
        self.client = client

    def sign_in(self, username: str = "maria", password: str = PASSWORD, follow_redirects=False):
        return self.client.post(
            "/de/account/sign-in",
            data={
                "username": username,
                "password": password,
                "csrf_token": csrf_token(self.client),
            },
            follow_redirects=follow_redirects,
        )

    def post(self, url: str, data: dict | None = None, **kwargs):
        """POST with the session's CSRF token, as the browser would."""
        data = dict(data or {})
        data.setdefault("csrf_token", csrf_token(self.client))
        return self.client.post(url, data=data, **kwargs)


def sign_in(client, username: str, password: str = PASSWORD, lang: str = "de"):
    """Sign *client* in; fails the test if the sign-in does not succeed."""
    response = client.post(
        f"/{lang}/account/sign-in",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302, f"{username} could not sign in"
    return response
