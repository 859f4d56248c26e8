"""Who manages what: trainers and city admins only their city, global admins everything.

Every boundary is tried by URL, and each refused change is checked to have changed nothing.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Role, Seminar, User
from app.seminars.services import register
from tests.factories import (
    PASSWORD,
    city,
    make_city_admin,
    make_seminar,
    make_trainer,
    make_user,
    make_venue,
)
from tests.web import csrf_token


def sign_in(client, username: str) -> None:
    response = client.post(
        "/en/account/sign-in",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302


def post(client, url, data=None):
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client))
    return client.post(url, data=data)


def person(username: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


@pytest.mark.parametrize("role", [None, Role.LEARNER, Role.TRAINER, Role.TRANSLATOR])
def test_the_staff_page_is_for_admins_only(client, role):
    target = make_trainer(username="dora", city_slug="darmstadt")
    if role is not None:
        make_user(username="other", role=role)
        sign_in(client, "other")
    assert client.get("/en/admin/staff/").status_code == (302 if role is None else 403)
    response = post(client, f"/en/admin/staff/{target.id}/dismiss")
    assert response.status_code == (302 if role is None else 403)
    if role is None:
        assert "/account/sign-in" in response.headers["Location"]
    assert person("dora").role is Role.TRAINER


def test_a_city_admin_sees_and_appoints_only_their_citys_trainers(client):
    make_city_admin()
    make_trainer(username="wiebke", city_slug="wiesbaden")
    make_trainer(username="dora", city_slug="darmstadt")
    make_user(username="paul")
    sign_in(client, "willi")
    html = client.get("/en/admin/staff/").get_data(as_text=True)
    assert "wiebke" in html and "dora" not in html
    # Only "Trainer" can be given, and there is no city to choose: it is always Wiesbaden.
    assert '<option value="trainer">' in html and 'value="admin"' not in html
    assert 'name="city"' not in html
    response = post(client, "/en/admin/staff/", {"username": "Paul", "role": "trainer"})
    assert response.status_code == 302
    paul = person("paul")
    assert paul.role is Role.TRAINER and paul.city.slug == "wiesbaden"


def test_a_city_admin_cannot_give_other_roles_or_touch_other_cities(client):
    make_city_admin()
    dora = make_trainer(username="dora", city_slug="darmstadt")
    make_user(username="paul")
    make_user(username="gabi", role=Role.ADMIN)
    sign_in(client, "willi")
    response = post(client, "/en/admin/staff/", {"username": "paul", "role": "admin"})
    assert response.status_code == 200 and "Choose the role to give" in response.get_data(
        as_text=True
    )
    response = post(client, "/en/admin/staff/", {"username": "dora", "role": "trainer"})
    assert "You cannot change the role of this person." in response.get_data(as_text=True)
    assert post(client, f"/en/admin/staff/{dora.id}/dismiss").status_code == 403
    gabi = person("gabi")
    assert post(client, f"/en/admin/staff/{gabi.id}/dismiss").status_code == 403
    assert person("paul").role is Role.LEARNER
    assert person("dora").role is Role.TRAINER and person("dora").city.slug == "darmstadt"
    assert person("gabi").role is Role.ADMIN


def test_a_city_admin_removes_a_trainer_of_their_city(client):
    make_city_admin()
    wiebke = make_trainer(username="wiebke", city_slug="wiesbaden")
    sign_in(client, "willi")
    assert post(client, f"/en/admin/staff/{wiebke.id}/dismiss").status_code == 302
    assert person("wiebke").role is Role.LEARNER


def test_a_global_admin_appoints_city_admins_and_translators(client):
    make_user(username="anna", role=Role.ADMIN)
    make_user(username="cem")
    make_user(username="uwe")
    sign_in(client, "anna")
    response = post(
        client,
        "/en/admin/staff/",
        {"username": "cem", "role": "admin", "city": str(city("darmstadt").id)},
    )
    assert response.status_code == 302
    assert person("cem").role is Role.ADMIN and person("cem").city.slug == "darmstadt"
    post(client, "/en/admin/staff/", {"username": "uwe", "role": "translator", "city": ""})
    assert person("uwe").role is Role.TRANSLATOR and person("uwe").city_id is None


def test_a_trainer_needs_a_city_and_an_account_must_exist(client):
    make_user(username="anna", role=Role.ADMIN)
    make_user(username="paul")
    sign_in(client, "anna")
    html = post(
        client, "/en/admin/staff/", {"username": "paul", "role": "trainer", "city": ""}
    ).get_data(as_text=True)
    assert "Choose the city the trainer or helper works for." in html
    assert 'value="paul"' in html  # what was typed stays
    html = post(
        client,
        "/en/admin/staff/",
        {"username": "nobody", "role": "trainer", "city": str(city("darmstadt").id)},
    ).get_data(as_text=True)
    assert "There is no account with this username." in html
    assert person("paul").role is Role.LEARNER


def test_nobody_can_remove_their_own_role(client):
    anna = make_user(username="anna", role=Role.ADMIN)
    sign_in(client, "anna")
    assert post(client, f"/en/admin/staff/{anna.id}/dismiss").status_code == 403
    assert person("anna").role is Role.ADMIN


def test_a_wiesbaden_city_admin_editing_a_darmstadt_seminar_by_url_gets_403(client):
    make_city_admin()
    darmstadt = make_seminar(make_venue("darmstadt", town="Darmstadt", postcode="64283"))
    wiesbaden = make_seminar(make_venue("wiesbaden", town="Wiesbaden"), title="In Wiesbaden")
    sign_in(client, "willi")
    listed = client.get("/en/trainer/seminars/").get_data(as_text=True)
    assert "In Wiesbaden" in listed and f"/trainer/seminars/{darmstadt.id}/" not in listed
    assert client.get(f"/en/trainer/seminars/{wiesbaden.id}/edit").status_code == 200
    assert client.get(f"/en/trainer/seminars/{darmstadt.id}/edit").status_code == 403
    assert client.get(f"/en/trainer/seminars/{darmstadt.id}/roster.csv").status_code == 403
    assert post(client, f"/en/trainer/seminars/{darmstadt.id}/cancel").status_code == 403
    db.session.expire_all()
    assert not db.session.get(Seminar, darmstadt.id).is_cancelled


def test_a_city_admin_adds_venues_only_for_their_city(client):
    make_city_admin()
    sign_in(client, "willi")
    html = client.get("/en/trainer/venues/new").get_data(as_text=True)
    assert 'name="city"' not in html


def test_a_global_admin_manages_every_city(client):
    make_user(username="anna", role=Role.ADMIN)
    darmstadt = make_seminar(make_venue("darmstadt", town="Darmstadt", postcode="64283"))
    sign_in(client, "anna")
    assert client.get(f"/en/trainer/seminars/{darmstadt.id}/edit").status_code == 200
    assert 'name="city"' in client.get("/en/trainer/venues/new").get_data(as_text=True)


def card_code(html: str) -> str:
    return re.findall(r'<bdi class="login-card__value">([A-Z0-9-]+)</bdi>', html)[-1]


def test_an_admin_prints_a_new_login_card_for_a_learner_without_email(client):
    make_user(username="gina", role=Role.ADMIN)
    learner = make_user(username="olga", language="ru")
    sign_in(client, "gina")
    assert "make a new login card" in client.get("/en/admin/staff/").get_data(as_text=True)
    html = post(client, "/en/admin/staff/login-card", {"username": " Olga "}).get_data(as_text=True)
    assert '<section class="login-card" lang="ru"' in html
    code = card_code(html)
    client.post("/en/account/sign-out", data={"csrf_token": csrf_token(client)})
    # The old password still works, and so does the new start code.
    first = client.post(
        "/en/account/sign-in",
        data={"username": "olga", "password": code, "csrf_token": csrf_token(client)},
    )
    assert first.headers["Location"] == "/en/account/choose-password"
    db.session.expire_all()
    assert db.session.get(User, learner.id).check_password(PASSWORD)


@pytest.mark.parametrize(
    "username", ["dora", "tara", "nobody"], ids=["other city", "not a learner", "unknown"]
)
def test_a_city_admin_prints_cards_only_for_learners_they_look_after(client, username):
    make_city_admin()  # Wiesbaden
    dora = make_user(username="dora")
    dora.city = city("darmstadt")
    make_trainer("tara", "wiesbaden")
    sign_in(client, "willi")
    response = post(client, "/en/admin/staff/login-card", {"username": username})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "login-card__value" not in html
    assert "No learner without an e-mail address in your city has this username." in html
    assert 'value="' + username + '"' in html  # what was typed stays
    db.session.expire_all()
    assert all(
        user.start_code_hash is None
        for user in db.session.scalars(select(User).where(User.username.in_(["dora", "tara"])))
    )


def test_a_city_admin_helps_a_learner_without_a_city_only_from_their_citys_seminars(client):
    make_city_admin()  # Wiesbaden
    nina = make_user(username="nina")
    sign_in(client, "willi")
    html = post(client, "/en/admin/staff/login-card", {"username": "nina"}).get_data(as_text=True)
    assert "login-card__value" not in html
    seminar = make_seminar(make_venue("wiesbaden", town="Wiesbaden", postcode="65183"))
    register(seminar.id, user=nina)
    db.session.commit()
    html = post(client, "/en/admin/staff/login-card", {"username": "nina"}).get_data(as_text=True)
    assert card_code(html)
