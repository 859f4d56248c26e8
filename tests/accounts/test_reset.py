"""Getting back in: an e-mailed link (signed, one hour, once) that never reveals who has an account,
and a new login card from a trainer for people without e-mail."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.accounts import reset
from app.accounts.services import new_start_code
from app.errors import ServiceError
from app.extensions import db
from app.models import OutboxMessage, Role, User
from app.seminars import services as seminars
from tests.factories import PASSWORD, make_seminar, make_trainer, make_user
from tests.web import csrf_token

NEW_PASSWORD = "ein neues langes Passwort"


def ask(client, account: str):
    return client.post(
        "/en/account/reset",
        data={"account": account, "csrf_token": csrf_token(client, "/en/account/reset")},
        follow_redirects=True,
    ).get_data(as_text=True)


def link_in_mail() -> str:
    message = db.session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
    return re.search(r"https?://\S+/account/reset/\S+", message.body).group(0)


def test_the_answer_is_the_same_whether_or_not_an_account_exists(client):
    make_user(email="maria@example.org")
    make_user(username="ohne", email=None)
    answers = [ask(client, name) for name in ("maria", "MARIA@example.org", "ohne", "nobody")]
    # The form token is signed with the time, so it may differ by a second: leave it out.
    mains = {
        re.sub(
            r'name="csrf_token" type="hidden" value="[^"]+"',
            "",
            a[a.index("<main") : a.index("</main>")],
        )
        for a in answers
    }
    assert len(mains) == 1
    assert "If an account with an e-mail address matches what you entered" in answers[0]
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert [m.to_address for m in mails] == ["maria@example.org", "maria@example.org"]


def test_the_link_sets_a_new_password_once(client):
    make_user(email="maria@example.org", language="tr")
    ask(client, "maria")
    link = link_in_mail()
    assert "/tr/account/reset/" in link  # in Maria's language
    path = link.split("127.0.0.1:5000", 1)[-1]
    form = client.get(path).get_data(as_text=True)
    assert 'autocomplete="new-password"' in form
    response = client.post(
        path, data={"password": NEW_PASSWORD, "csrf_token": csrf_token(client, path)}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(User)).check_password(NEW_PASSWORD)
    again = client.get(path)
    assert again.status_code == 400
    assert "This link no longer works" in client.get(path.replace("/tr/", "/en/")).get_data(
        as_text=True
    )


def test_an_old_or_forged_link_does_not_work(client, app):
    user = make_user(email="maria@example.org")
    with app.test_request_context():
        token = reset.reset_token(user)
    assert reset.user_for_token(token, max_age=-1) is None  # expired
    assert reset.user_for_token(token[:-2] + "xx") is None  # signature broken
    assert client.get(f"/en/account/reset/{token[:-2]}xx").status_code == 400
    assert db.session.scalar(select(User)).check_password(PASSWORD)


def test_a_trainer_prints_a_new_login_card_for_a_participant_without_e_mail(client, auth):
    make_trainer(username="tara")
    seminar = make_seminar()
    participant = make_user(username="ayse", email=None)
    registration = seminars.register(seminar.id, user=participant)
    db.session.commit()
    auth.sign_in("tara")
    url = f"/de/trainer/seminars/{seminar.id}/registrations/{registration.id}/login-card"
    page = client.post(url, data={"csrf_token": csrf_token(client)}).get_data(as_text=True)
    code = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b", page).group(1)
    assert "ayse" in page
    # Ayşe signs in with the code, on her own phone, and is asked to choose a new password.
    other = client.application.test_client()
    response = other.post(
        "/de/account/sign-in",
        data={"username": "ayse", "password": code, "csrf_token": csrf_token(other)},
    )
    assert response.status_code == 302
    assert "choose-password" in response.headers["Location"]


def test_no_login_card_for_staff_or_another_citys_seminar(client, auth):
    make_trainer(username="tara", city_slug="wiesbaden")
    seminar = make_seminar()  # in Frankfurt
    learner = make_user(username="ayse")
    registration = seminars.register(seminar.id, user=learner)
    db.session.commit()
    auth.sign_in("tara")
    url = f"/de/trainer/seminars/{seminar.id}/registrations/{registration.id}/login-card"
    assert client.post(url, data={"csrf_token": csrf_token(client)}).status_code == 403
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.username == "ayse")).start_code_hash is None


def test_login_cards_are_for_learners_only():
    with pytest.raises(ServiceError):
        new_start_code(make_user(username="kollege", role=Role.TRAINER))
