"""Sign-up, sign-in, sign-out and the profile."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import User
from tests.factories import PASSWORD, make_user
from tests.web import csrf_token


def sign_up(client, lang="en", **data):
    data.setdefault("csrf_token", csrf_token(client, f"/{lang}/account/sign-up"))
    return client.post(f"/{lang}/account/sign-up", data=data)


def test_sign_up_with_username_and_password_only(client):
    response = sign_up(client, username="Oma.Erna", password="mein garten blueht")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/my/"
    user = db.session.scalar(select(User).where(User.username == "oma.erna"))
    assert user.email is None
    assert user.password_hash != "mein garten blueht"
    assert user.check_password("mein garten blueht")
    assert "Welcome, oma.erna!" in client.get("/en/my/").get_data(as_text=True)


def test_short_password_keeps_what_was_typed_and_links_the_error(client):
    response = sign_up(
        client,
        "de",
        username="erna",
        display_name="Erna Beispiel",
        email="erna@example.org",
        password="kurz",
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Fehler:" in html
    assert '<a href="#password">' in html
    assert (
        'value="erna"' in html
        and 'value="Erna Beispiel"' in html
        and 'value="erna@example.org"' in html
    )
    assert 'aria-describedby="password-hint password-error"' in html
    assert 'aria-invalid="true"' in html
    assert db.session.scalar(select(User)) is None


def test_no_composition_rules_for_passwords(client):
    assert sign_up(client, username="hans", password="aaaaaaaa").status_code == 302


def test_username_is_taken_whatever_the_letter_case(client):
    make_user(username="maria")
    response = sign_up(client, username="MARIA", password="another long password")
    assert response.status_code == 200
    assert "This username is already taken" in response.get_data(as_text=True)


def test_invalid_email_is_explained(client):
    response = sign_up(client, username="hans", password=PASSWORD, email="not an address")
    assert "Enter an e-mail address like name@example.de" in response.get_data(as_text=True)


def test_sign_up_form_fields_have_labels_and_autocomplete(client):
    html = client.get("/en/account/sign-up").get_data(as_text=True)
    for field, token in (
        ("username", "username"),
        ("display_name", "name"),
        ("email", "email"),
        ("password", "new-password"),
    ):
        assert f'<label class="label" for="{field}">' in html
        assert f'autocomplete="{token}"' in html


def test_sign_in_and_out(client, auth, learner):
    response = auth.sign_in(follow_redirects=True)
    assert "My courses" in response.get_data(as_text=True) or "Meine Kurse" in response.get_data(
        as_text=True
    )
    response = auth.post("/en/account/sign-out")
    assert response.headers["Location"] == "/en/"
    assert client.get("/en/my/").status_code == 302


def test_wrong_password_and_unknown_user_get_the_same_message(client, learner):
    messages = []
    for username, password in (("maria", "wrong password"), ("nobody", "wrong password")):
        response = client.post(
            "/en/account/sign-in",
            data={"username": username, "password": password, "csrf_token": csrf_token(client)},
        )
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        messages.append("The username or the password is not right." in html)
        assert 'value="wrong password"' not in html
    assert messages == [True, True]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_sign_in_never_redirects_to_another_site(client, learner, target):
    response = client.post(
        f"/en/account/sign-in?next={target}",
        data={"username": "maria", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.headers["Location"] == "/en/my/"


def test_sign_in_returns_to_the_page_asked_for(client, learner):
    response = client.post(
        "/en/account/sign-in?next=/en/courses/online-termin/",
        data={"username": "maria", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.headers["Location"] == "/en/courses/online-termin/"


def test_profile_sets_the_name_for_certificates(client, auth, signed_in):
    response = auth.post(
        "/en/account/profile", {"display_name": "Maria M.", "email": "", "second_language": "en"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.scalar(select(User))
    assert user.display_name == "Maria M."
    assert user.email is None
    assert user.second_language == "en"


def test_profile_needs_an_account(client):
    assert client.get("/en/account/profile").status_code == 302


def test_a_double_click_on_create_account_signs_in_instead_of_refusing(client):
    assert sign_up(client, username="doppel", password=PASSWORD).status_code == 302
    client.post("/en/account/sign-out", data={"csrf_token": csrf_token(client)})
    second = sign_up(client, username="doppel", password=PASSWORD)
    assert second.status_code == 302
    assert second.headers["Location"] == "/en/my/"


def test_a_taken_username_with_another_password_is_still_refused(client):
    make_user(username="maria")
    response = sign_up(client, username="maria", password="a different password")
    assert "This username is already taken" in response.get_data(as_text=True)
