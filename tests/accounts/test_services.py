"""Account services, without HTTP."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts import services
from app.extensions import db
from app.models import User
from tests.factories import PASSWORD, make_user


def test_a_rolled_back_sign_up_leaves_no_account():
    # create_user uses a savepoint; releasing it must not commit (SQLite needs configure_sqlite).
    services.create_user("temp", PASSWORD)
    db.session.rollback()
    assert db.session.scalar(select(User)) is None


def test_authenticate_ignores_letter_case_of_the_username():
    make_user(username="Maria")
    assert services.authenticate("MARIA", PASSWORD).username == "maria"
    assert services.authenticate("maria", "wrong") is None
    assert services.authenticate("nobody", PASSWORD) is None
