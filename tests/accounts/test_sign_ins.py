"""Sessions end when they should: on sign-out (even for a copy of the cookies), and everywhere else
when the password changes, is reset, or a staff role is taken away; "sign out everywhere" too."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts import reset
from app.extensions import db
from app.models import Role, SignIn, User
from tests.factories import PASSWORD, city, make_city_admin, make_trainer, make_user
from tests.web import csrf_token

MY_PAGE = "/en/my/"


def browser(app, username: str = "maria", password: str = PASSWORD, remember: bool = False):
    """A new browser, signed in."""
    client = app.test_client()
    data = {"username": username, "password": password, "csrf_token": csrf_token(client)}
    if remember:
        data["remember"] = "y"
    response = client.post("/en/account/sign-in", data=data)
    assert response.status_code == 302, "could not sign in"
    return client


def signed_in(client) -> bool:
    response = client.get(MY_PAGE)
    assert response.status_code in (200, 302)
    return response.status_code == 200


def copy_of(app, client, only: str | None = None):
    """Another browser holding a copy of *client*'s cookies (or of the one named *only*)."""
    thief = app.test_client()
    for cookie in client._cookies.values():
        if only is None or cookie.key == only:
            thief.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    return thief


def post(client, url: str, data: dict | None = None):
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client)})


def test_a_copy_of_the_cookies_stops_working_when_the_owner_signs_out(app):
    make_user()
    owner = browser(app)
    thief = copy_of(app, owner)
    assert signed_in(thief)
    post(owner, "/en/account/sign-out")
    assert not signed_in(owner)
    assert not signed_in(thief)


def test_a_copied_remember_me_cookie_stops_working_after_sign_out(app):
    make_user()
    owner = browser(app, remember=True)
    thief = copy_of(app, owner, only="remember_token")
    assert signed_in(thief)  # the remember-me cookie alone signs in, as it should
    post(owner, "/en/account/sign-out")
    assert not signed_in(copy_of(app, owner, only="remember_token"))
    assert not signed_in(app.test_client()) and not signed_in(thief)


def test_changing_the_password_signs_out_every_other_device(app):
    make_user()
    here, phone = browser(app), browser(app, remember=True)
    remembered = copy_of(app, phone, only="remember_token")
    response = post(
        here,
        "/en/account/password",
        {"current_password": PASSWORD, "password": "ein ganz neues passwort"},
    )
    assert response.status_code == 302
    assert signed_in(here)
    assert not signed_in(phone) and not signed_in(remembered)
    assert signed_in(browser(app, password="ein ganz neues passwort"))


def test_a_wrong_current_password_changes_nothing(app):
    make_user()
    here, phone = browser(app), browser(app)
    response = post(
        here, "/en/account/password", {"current_password": "nope", "password": "ein neues passwort"}
    )
    assert response.status_code == 200
    assert "The current password is not correct." in response.get_data(as_text=True)
    assert signed_in(phone)
    assert signed_in(browser(app))


def test_a_reset_by_e_mail_signs_out_every_device(app):
    user = make_user(email="maria@example.org")
    devices = [browser(app), browser(app, remember=True)]
    link = "/en/account/reset/" + reset.reset_token(user)
    visitor = app.test_client()
    response = visitor.post(
        link, data={"password": "vergessen und neu", "csrf_token": csrf_token(visitor, link)}
    )
    assert response.status_code == 302
    assert not any(signed_in(device) for device in devices)


def test_choosing_a_password_with_a_start_code_signs_out_every_other_device(app):
    from app.accounts.services import new_start_code

    learner = make_user()
    old = browser(app)
    code = new_start_code(learner)
    db.session.commit()
    card = app.test_client()
    first = post(card, "/en/account/sign-in", {"username": "maria", "password": code})
    assert first.headers["Location"] == "/en/account/choose-password"
    chosen = card.post(
        "/en/account/choose-password",
        data={
            "password": "mein eigenes passwort",
            "csrf_token": csrf_token(card, "/en/account/choose-password"),
        },
    )
    assert chosen.status_code == 302
    assert signed_in(card) and not signed_in(old)


def test_sign_out_everywhere_ends_every_session_this_one_included(app):
    make_user()
    here, other = browser(app), browser(app, remember=True)
    response = post(here, "/en/account/sign-out-everywhere")
    assert response.headers["Location"] == "/en/account/sign-in"
    assert not signed_in(here) and not signed_in(other)
    assert db.session.scalars(select(SignIn)).all() == []


def test_the_profile_says_on_how_many_devices_one_is_signed_in(app):
    make_user()
    here = browser(app)
    browser(app)
    html = here.get("/en/account/profile").get_data(as_text=True)
    assert "You are signed in on 2 devices." in html
    assert "Sign out everywhere" in html


@pytest.mark.parametrize("how", ["dismissed", "moved to another city"])
def test_taking_a_staff_role_away_ends_the_persons_sessions(app, how):
    make_trainer(username="tara")
    make_user(username="root", role=Role.ADMIN)
    trainer = browser(app, "tara")
    assert trainer.get("/en/trainer/seminars/").status_code == 200
    admin = browser(app, "root")
    tara = db.session.scalar(select(User.id).where(User.username == "tara"))
    if how == "dismissed":
        response = post(admin, f"/en/admin/staff/{tara}/dismiss")
    else:
        wiesbaden = city("wiesbaden").id
        response = post(
            admin, "/en/admin/staff/", {"username": "tara", "role": "trainer", "city": wiesbaden}
        )
    assert response.status_code == 302
    assert trainer.get("/en/trainer/seminars/").status_code == 302  # to the sign-in page
    assert not signed_in(trainer)


def test_giving_a_learner_a_role_keeps_them_signed_in(app):
    make_user(username="paul")
    make_city_admin()
    paul = browser(app, "paul")
    admin = browser(app, "willi")
    post(admin, "/en/admin/staff/", {"username": "paul", "role": "trainer"})
    assert paul.get("/en/trainer/seminars/").status_code == 200


def test_cookies_from_before_sign_ins_existed_sign_nobody_in(app):
    user = make_user()
    old = app.test_client()
    with old.session_transaction() as session:
        session["_user_id"] = str(user.id)  # what Flask-Login kept before
        session["_fresh"] = True
    assert not signed_in(old)


def test_the_database_keeps_no_usable_token(app):
    make_user()
    client = browser(app)
    with client.session_transaction() as session:
        token = session["_user_id"].split(":", 1)[1]
    stored = db.session.scalars(select(SignIn.token_hash)).all()
    assert len(stored) == 1 and token not in stored[0]
