"""Pages for a signed-in person are not kept by the browser or a proxy (Cache-Control: no-store)."""

from __future__ import annotations

import pytest

from app.models import Role
from tests.factories import PASSWORD, make_trainer, make_user, seminar_with_people
from tests.ops import example_url
from tests.web import csrf_token

#: Files that are the same for everyone keep their own caching.
SHARED = {"static", "media.media", "site_media.media", "i18n.favicon"}


@pytest.mark.parametrize("role", [Role.LEARNER, Role.TRAINER, Role.ADMIN])
def test_every_page_for_a_signed_in_person_says_no_store(app, client, role):
    seminar = seminar_with_people()
    if role is Role.TRAINER:
        make_trainer(username="someone")
    else:
        make_user(username="someone", role=role)
    response = client.post(
        "/de/account/sign-in",
        data={"username": "someone", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302
    checked = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SHARED:
            continue
        url = example_url(rule, seminar.id)
        response = client.get(url)
        if response.status_code == 200:
            assert response.headers.get("Cache-Control") == "no-store", url
            checked.append(rule.endpoint)
    assert {"learn.my_courses", "settings.profile", "settings.my_data_download"} <= set(checked)
    if role is not Role.LEARNER:
        assert "roster.roster" in checked and "roster.roster_csv" in checked


def test_pages_for_visitors_may_be_kept(client):
    response = client.get("/de/courses/online-termin/")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
