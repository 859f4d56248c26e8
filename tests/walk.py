"""Walking the app's own URL map: a valid value for every path variable, a world with something
behind every id, and clients signed in as the people who walk (used by tests/ops)."""

from __future__ import annotations

import re
from urllib.parse import quote

from app.extensions import db
from app.groups import services as groups
from app.models import BarrierReport, Course, Registration, Role
from tests.factories import PASSWORD, make_trainer, make_user, seminar_with_people
from tests.web import csrf_token

#: A valid value for each path variable, so that one variable at a time can be made hostile.
VALID = {
    "lang": "de",
    "course_slug": "online-termin",
    "lesson_slug": "termin-buchen",
    "practice_slug": "uebung-termin-buchen",
    "screen_id": "daten",
    "position": "1",
    "key": "appointments",
    "slug": "frankfurt",
    "table": "months",
    "language": "en",
    "document": "termin-buchen",
    "token": "not-a-token",
    "filename": "lernlotse.css",
}

#: Who walks: a visitor, a trainer (tara) and a global admin (root), as made by build_world.
PEOPLE = [None, "tara", "root"]


def build_world() -> dict[str, str]:
    """Something behind every id: a seminar with people, a venue, a barrier report, staff, a
    learning group with a member.

    Returns VALID with the ids filled in."""
    seminar = seminar_with_people()
    registration = db.session.scalars(
        db.select(Registration).where(Registration.seminar_id == seminar.id)
    ).first()
    db.session.add(BarrierReport(page="/de/", message="Zu klein", language="de"))
    make_user(username="root", role=Role.ADMIN)
    trainer = make_trainer(username="tara")
    learner = make_user(username="maria", email="maria@example.org")
    course_id = db.session.scalar(db.select(Course.id).where(Course.slug == VALID["course_slug"]))
    group = groups.create_group(trainer, groups.GroupData("Lerncafé", [course_id]))
    groups.join(learner, group)
    db.session.commit()
    return {
        **VALID,
        "group_id": str(group.id),
        "code": group.code,
        "seminar_id": str(seminar.id),
        "registration_id": str(registration.id),
        "user_id": str(learner.id),
    }


def rules(app, method: str):
    """Every rule of the URL map that answers *method*."""
    for rule in app.url_map.iter_rules():
        if method in (rule.methods or ()):
            yield rule


def path(rule, values: dict[str, str]) -> str:
    """The rule's URL with *values* put in, percent-encoded as a browser would send them."""
    result = rule.rule
    for name in rule.arguments:
        result = re.sub(r"<(?:[^:<>]+:)?" + name + ">", quote(values[name], safe=""), result)
    return result


def signed_in(app, username: str | None):
    """A test client, signed in as *username* (a visitor's if None)."""
    client = app.test_client()
    if username:
        response = client.post(
            "/de/account/sign-in",
            data={"username": username, "password": PASSWORD, "csrf_token": csrf_token(client)},
        )
        assert response.status_code == 302, f"{username} could not sign in"
    return client
