"""`flask groups demo`: a learning group to look at in development."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.extensions import db
from app.groups import services

groups_cli = AppGroup("groups", help="Learning groups.")


@groups_cli.command("demo")
def demo() -> None:
    """Development only: the demo trainer's group, run with the demo helper, the demo learner in
    it (having agreed), on two courses."""
    from app.models import Course, LearningGroup, User

    if not current_app.config["SEED_DEMO_USERS"]:
        raise click.ClickException(
            "demo groups exist only in development (LERNLOTSE_ENV=development)"
        )
    if db.session.scalar(select(LearningGroup.id).limit(1)) is not None:
        click.echo("Demo group: there are groups already, nothing added.")
        return
    people = {
        user.username: user
        for user in db.session.scalars(
            select(User).where(User.username.in_(["trainerin", "helferin", "lerner"]))
        )
    }
    courses = list(
        db.session.scalars(
            select(Course.id).where(Course.slug.in_(["online-termin", "sicher-online"]))
        )
    )
    if len(people) < 3 or not courses:
        raise click.ClickException("run `flask courses import` and `flask users demo` first")
    group = services.create_group(
        people["trainerin"],
        services.GroupData(
            "Digitale Sprechstunde (Demo)", courses, "Dienstags 10 bis 12 Uhr, Beispiel-Lernraum"
        ),
    )
    services.add_leader(people["trainerin"], group, "helferin")
    services.join(people["lerner"], group)
    db.session.commit()
    click.echo(
        f"Demo group: “{group.name}”, code {services.spaced(group.code)}; "
        "lerner is in it, trainerin and helferin run it."
    )
