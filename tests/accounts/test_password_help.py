"""Staff password help (a login card with a new start code) is narrow, visible and recorded.

Every staff member is tried against every kind of account through both doors (the admins' form and
the button on a seminar roster); only the pairs the rule allows get a start code.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Role, StaffAction, User
from app.seminars.services import register
from tests.factories import PASSWORD, city, make_seminar, make_user, make_venue
from tests.web import csrf_token

#: Who may print a card for whom. Learners: lena (Frankfurt, no e-mail, in a Frankfurt seminar),
#: emil (the same, with an e-mail address), wanda (lives in Wiesbaden, no e-mail, in the Frankfurt
#: seminar), nico (no city, no e-mail, in the Frankfurt seminar), otto (no city, no e-mail, in no
#: seminar), sara (a trainer, in the Frankfurt seminar).
ALLOWED = {
    "trainer_frankfurt": {"lena", "nico"},
    "trainer_wiesbaden": set(),
    "admin_frankfurt": {"lena", "nico"},
    "admin_wiesbaden": {"wanda"},
    "global_admin": {"lena", "wanda", "nico", "otto"},
    "translator": set(),
}
ACCOUNTS = ["lena", "emil", "wanda", "nico", "otto", "sara"]
#: Who can open each door at all: the admins' form, and the Frankfurt seminar's roster.
ADMIN_FORM = {"admin_frankfurt", "admin_wiesbaden", "global_admin"}
FRANKFURT_ROSTER = {"trainer_frankfurt", "admin_frankfurt", "global_admin"}


@pytest.fixture
def people(app):
    frankfurt, wiesbaden = city("frankfurt"), city("wiesbaden")
    seminar = make_seminar(make_venue("frankfurt"))
    make_user(username="trainer_frankfurt", role=Role.TRAINER).city = frankfurt
    make_user(username="trainer_wiesbaden", role=Role.TRAINER).city = wiesbaden
    make_user(username="admin_frankfurt", role=Role.ADMIN).city = frankfurt
    make_user(username="admin_wiesbaden", role=Role.ADMIN).city = wiesbaden
    make_user(username="global_admin", role=Role.ADMIN)
    make_user(username="translator", role=Role.TRANSLATOR)
    learners = {
        "lena": make_user(username="lena"),
        "emil": make_user(username="emil", email="emil@example.org"),
        "wanda": make_user(username="wanda"),
        "nico": make_user(username="nico"),
        "otto": make_user(username="otto"),
        "sara": make_user(username="sara", role=Role.TRAINER),
    }
    learners["lena"].city = learners["emil"].city = learners["sara"].city = frankfurt
    learners["wanda"].city = wiesbaden
    db.session.commit()
    registrations = {}
    for name in ("lena", "emil", "wanda", "nico", "sara"):
        registrations[name] = register(seminar.id, user=learners[name]).id
    db.session.commit()
    return seminar, registrations


def sign_in(app, username: str):
    client = app.test_client()
    response = client.post(
        "/en/account/sign-in",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302
    return client


def has_code(username: str) -> bool:
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.username == username))
    return user.start_code_hash is not None


def forget_codes() -> None:
    for user in db.session.scalars(select(User)):
        user.start_code_hash = user.start_code_expires_at = None
    db.session.commit()


@pytest.mark.parametrize("actor", list(ALLOWED))
def test_staff_print_login_cards_only_for_the_learners_the_rule_allows(app, people, actor):
    seminar, registrations = people
    client = sign_in(app, actor)
    token = csrf_token(client)
    for account in ACCOUNTS:
        doors = [("/en/admin/staff/login-card", {"username": account}, actor in ADMIN_FORM)]
        if account in registrations:
            roster = f"/en/trainer/seminars/{seminar.id}/registrations/{registrations[account]}"
            doors.append((roster + "/login-card", {}, actor in FRANKFURT_ROSTER))
        for url, data, can_open in doors:
            response = client.post(url, data={**data, "csrf_token": token})
            expected = can_open and account in ALLOWED[actor]
            assert response.status_code == (200 if can_open else 403) or (
                can_open and not expected and response.status_code == 302
            ), (actor, account, url, response.status_code)
            assert has_code(account) == expected, (actor, account, url)
            forget_codes()
    recorded = db.session.scalars(select(StaffAction)).all()
    assert {a.subject.username for a in recorded} == ALLOWED[actor]


def test_the_roster_offers_a_new_card_only_where_it_may_be_printed(app, people):
    seminar, registrations = people
    html = sign_in(app, "trainer_frankfurt").get(f"/en/trainer/seminars/{seminar.id}/")
    html = html.get_data(as_text=True)
    for name, registration in registrations.items():
        button = f"/registrations/{registration}/login-card"
        assert (button in html) == (name in ALLOWED["trainer_frankfurt"]), name


def test_a_learner_with_e_mail_is_sent_to_the_e_mail_reset(app, people):
    seminar, registrations = people
    client = sign_in(app, "trainer_frankfurt")
    url = f"/en/trainer/seminars/{seminar.id}/registrations/{registrations['emil']}/login-card"
    response = client.post(url, data={"csrf_token": csrf_token(client)}, follow_redirects=True)
    assert "This learner has an e-mail address" in response.get_data(as_text=True)
    assert not has_code("emil")


def test_the_learner_is_told_at_the_next_sign_in_who_printed_a_card(app, people):
    seminar, registrations = people
    trainer = sign_in(app, "trainer_frankfurt")
    url = f"/en/trainer/seminars/{seminar.id}/registrations/{registrations['lena']}/login-card"
    assert trainer.post(url, data={"csrf_token": csrf_token(trainer)}).status_code == 200
    lena = app.test_client()
    response = lena.post(
        "/en/account/sign-in",
        data={"username": "lena", "password": PASSWORD, "csrf_token": csrf_token(lena)},
    )
    assert response.headers["Location"].startswith("/en/account/notice")
    html = lena.get(response.headers["Location"]).get_data(as_text=True)
    assert "A new login card was printed for your account" in html
    assert "a trainer of Frankfurt am Main printed a new login card" in html
    assert "trainer_frankfurt" not in html  # the role and city, not the colleague's name
    assert "/en/account/password" in html
    # Once: the next sign-in goes straight on, and the learner's data still lists it.
    again = app.test_client()
    response = again.post(
        "/en/account/sign-in",
        data={"username": "lena", "password": PASSWORD, "csrf_token": csrf_token(again)},
    )
    assert response.headers["Location"] == "/en/my/"
    assert "a trainer of Frankfurt am Main" in again.get("/en/account/my-data").get_data(
        as_text=True
    )
    exported = again.get("/en/account/my-data.json").get_json()
    [card] = exported["login_cards_printed_by_staff"]
    assert card["by_role"] == "trainer" and card["by_city"] == "frankfurt"


def test_city_admins_see_the_record_of_their_city_only(app, people):
    seminar, registrations = people
    trainer = sign_in(app, "trainer_frankfurt")
    url = f"/en/trainer/seminars/{seminar.id}/registrations/{registrations['nico']}/login-card"
    trainer.post(url, data={"csrf_token": csrf_token(trainer)})
    wiesbaden = sign_in(app, "admin_wiesbaden")
    wiesbaden.post(
        "/en/admin/staff/login-card",
        data={"username": "wanda", "csrf_token": csrf_token(wiesbaden)},
    )
    pages = {
        name: sign_in(app, name).get("/en/admin/staff/password-help").get_data(as_text=True)
        for name in ("admin_frankfurt", "admin_wiesbaden", "global_admin")
    }
    assert "nico" in pages["admin_frankfurt"] and "wanda" not in pages["admin_frankfurt"]
    assert "wanda" in pages["admin_wiesbaden"] and "nico" not in pages["admin_wiesbaden"]
    assert "wanda" in pages["global_admin"] and "nico" in pages["global_admin"]
    assert seminar.title in pages["admin_frankfurt"]  # printed from that seminar's roster
    for role in ("trainer_frankfurt", "translator", "lena"):
        assert sign_in(app, role).get("/en/admin/staff/password-help").status_code == 403


def test_the_record_stays_when_the_learner_deletes_their_account(app, people):
    seminar, registrations = people
    admin = sign_in(app, "global_admin")
    admin.post(
        "/en/admin/staff/login-card", data={"username": "otto", "csrf_token": csrf_token(admin)}
    )
    otto = sign_in(app, "otto")
    otto.get("/en/account/notice")
    response = otto.post(
        "/en/account/delete",
        data={"confirm": "y", "password": PASSWORD, "csrf_token": csrf_token(otto)},
    )
    assert response.status_code == 302
    [action] = db.session.scalars(select(StaffAction)).all()
    assert action.subject_id is None
    html = admin.get("/en/admin/staff/password-help").get_data(as_text=True)
    assert "(deleted account)" in html and "otto" not in html.split("<main", 1)[1]
