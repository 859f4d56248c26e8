"""`flask users create` and `flask users demo`."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Role, User


def test_users_create_with_a_role(runner):
    command = ["users", "create", "Kursleitung1", "--role", "trainer", "--password", "sehr geheim"]
    without_city = runner.invoke(args=command)
    assert without_city.exit_code != 0 and "work for a city" in without_city.output
    result = runner.invoke(args=[*command, "--city", "frankfurt"])
    assert result.exit_code == 0, result.output
    assert "Created trainer 'kursleitung1'." in result.output
    user = db.session.scalar(select(User).where(User.username == "kursleitung1"))
    assert user.role is Role.TRAINER and user.city.slug == "frankfurt"
    assert user.check_password("sehr geheim")
    helper = runner.invoke(
        args=[
            "users",
            "create",
            "hanna",
            "--role",
            "helper",
            "--city",
            "darmstadt",
            "--password",
            "lang genug",
        ]
    )
    assert helper.exit_code == 0, helper.output


def test_users_create_refuses_a_short_password_and_a_taken_name(runner):
    short = runner.invoke(args=["users", "create", "anna", "--password", "kurz"])
    assert short.exit_code != 0
    assert "at least 8 characters" in short.output
    runner.invoke(args=["users", "create", "anna", "--password", "lang genug"])
    taken = runner.invoke(args=["users", "create", "ANNA", "--password", "lang genug"])
    assert taken.exit_code != 0
    assert (
        "Dieser Benutzername ist schon vergeben" in taken.output
    )  # the service speaks German by default


def test_demo_accounts_are_created_once_and_printed(runner):
    first = runner.invoke(args=["users", "demo"])
    second = runner.invoke(args=["users", "demo"])
    assert first.exit_code == second.exit_code == 0
    assert "username: lerner" in first.output and "password: lernlotse-demo" in first.output
    assert db.session.scalar(select(db.func.count(User.id))) == 6
    city_admin = db.session.scalar(select(User).where(User.username == "stadtadmin"))
    assert city_admin.city.slug == "wiesbaden"
    assert "username: stadtadmin   password: lernlotse-demo  (wiesbaden)" in first.output


def test_demo_accounts_are_refused_outside_development(runner, app):
    app.config["SEED_DEMO_USERS"] = False
    try:
        result = runner.invoke(args=["users", "demo"])
    finally:
        app.config["SEED_DEMO_USERS"] = True
    assert result.exit_code != 0
    assert db.session.scalar(select(User)) is None


def test_the_demo_group_is_made_once_and_refused_outside_development(runner, app):
    from app.models import GroupMember, LearningGroup

    runner.invoke(args=["users", "demo"])
    app.config["SEED_DEMO_USERS"] = False
    try:
        refused = runner.invoke(args=["groups", "demo"])
    finally:
        app.config["SEED_DEMO_USERS"] = True
    assert refused.exit_code != 0
    assert db.session.scalar(select(LearningGroup)) is None
    first = runner.invoke(args=["groups", "demo"])
    second = runner.invoke(args=["groups", "demo"])
    assert first.exit_code == second.exit_code == 0, first.output
    group = db.session.scalar(select(LearningGroup))
    assert {leader.user.username for leader in group.leaders} == {"trainerin", "helferin"}
    member = db.session.scalar(select(GroupMember))
    assert member.user.username == "lerner" and member.consented_at is not None
    assert db.session.scalar(select(db.func.count(LearningGroup.id))) == 1
