"""Every staff route denies the other roles, found by walking the app's URL map (so a new route
cannot be forgotten); and a learner cannot reach another learner's data by changing an id."""

from __future__ import annotations

import pytest

from app.models import Role
from tests.factories import PASSWORD, make_user, seminar_with_people
from tests.ops import example_url
from tests.web import csrf_token

#: Endpoint prefixes (or whole endpoints) and the roles that may open them; admins may open all.
STAFF_AREAS = {
    "trainer.": {Role.TRAINER, Role.ADMIN},
    "roster.": {Role.TRAINER, Role.ADMIN},
    "accounts.new_participant": {Role.TRAINER, Role.ADMIN},
    "groups.": {Role.TRAINER, Role.HELPER, Role.ADMIN},
    "translate.": {Role.TRANSLATOR, Role.ADMIN},
    "staff.": {Role.ADMIN},
    "reports.": {Role.ADMIN},
    "accessibility.reports": {Role.ADMIN},
}


def staff_rules(app):
    found = []
    for rule in app.url_map.iter_rules():
        for prefix, roles in STAFF_AREAS.items():
            if rule.endpoint == prefix or (
                prefix.endswith(".") and rule.endpoint.startswith(prefix)
            ):
                found.append((rule, roles))
    return found


@pytest.mark.parametrize("role", [Role.LEARNER, Role.TRAINER, Role.HELPER, Role.TRANSLATOR])
def test_every_staff_route_denies_other_roles(app, client, role):
    seminar = seminar_with_people()
    make_user(username="someone", role=role)
    client.post(
        "/de/account/sign-in",
        data={"username": "someone", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    token = csrf_token(client)
    checked = 0
    for rule, roles in staff_rules(app):
        if role in roles:
            continue
        url = example_url(rule, seminar.id)
        if "GET" in rule.methods:
            assert client.get(url).status_code == 403, url
        if "POST" in rule.methods:
            assert client.post(url, data={"csrf_token": token}).status_code == 403, url
        checked += 1
    assert checked >= 5


def test_the_walk_finds_the_staff_routes(app):
    endpoints = {rule.endpoint for rule, _ in staff_rules(app)}
    assert {"roster.roster", "staff.index", "reports.index", "translate.overview"} <= endpoints
    assert len(endpoints) >= 19


def test_every_view_that_requires_a_role_is_in_the_walk(app):
    """A new blueprint of staff pages must be listed above, or the walk would skip it."""
    walked = {rule.endpoint for rule, _ in staff_rules(app)}
    guarded = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if getattr(view, "required_roles", None)
    }
    assert guarded - walked == set()
    assert len(guarded) >= 19


def test_a_learner_cannot_open_another_learners_certificate_or_progress(client, auth):
    from tests.factories import complete_course

    other = make_user(username="zeynep", display_name="Zeynep Beispiel")
    complete_course(other, "online-termin")
    make_user()
    assert auth.sign_in().status_code == 302
    # Certificates and progress pages take no user id: each shows the signed-in learner only.
    certificate = client.get("/de/my/certificates/online-termin/")
    assert certificate.status_code == 404
    my_courses = client.get("/de/my/")
    assert my_courses.status_code == 200 and "Zeynep" not in my_courses.get_data(as_text=True)
    # Any id a learner could change in a URL points at a seminar, never at a person's data: the
    # export is the signed-in person's own (a positive control: their own name is in it).
    export = client.get(f"/de/account/my-data.json?user={other.id}")
    assert export.status_code == 200
    data = export.get_json()
    assert data["account"]["username"] == "maria"
    assert "zeynep" not in export.get_data(as_text=True)
