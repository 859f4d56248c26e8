"""`flask users …`: accounts from the command line, and the demo accounts."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.extensions import db
from app.models import City, Role, User

users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.LEARNER.value,
    show_default=True,
)
@click.option("--name", "display_name", help="The name shown on certificates.")
@click.option("--email", help="Optional e-mail address.")
@click.option(
    "--city", help="The city a trainer works for: a file name in courses/_cities, e.g. frankfurt."
)
@click.password_option(help="Asked for when not given.")
def users_create(
    username: str,
    role: str,
    display_name: str | None,
    email: str | None,
    city: str | None,
    password: str,
) -> None:
    """Create an account with a role (learner, trainer, helper, translator, admin)."""
    from app.accounts.roles import GROUP_ROLES
    from app.accounts.services import UsernameTaken, create_user

    if Role(role) in GROUP_ROLES and not city:
        raise click.BadParameter("trainers and helpers work for a city", param_hint="--city")
    if len(password) < 8:
        raise click.BadParameter(
            "the password must be at least 8 characters long", param_hint="password"
        )
    city_row = _city(city) if city else None
    try:
        user = create_user(
            username, password, display_name=display_name, email=email, role=Role(role)
        )
    except UsernameTaken as error:
        raise click.ClickException(str(error.message)) from None
    user.city = city_row
    db.session.commit()
    click.echo(f"Created {user.role.value} '{user.username}'.")


def _city(slug: str) -> City:
    city = db.session.scalar(select(City).where(City.slug == slug))
    if city is None:
        known = ", ".join(db.session.scalars(select(City.slug).order_by(City.slug)))
        raise click.BadParameter(f"no city '{slug}' (known: {known})", param_hint="--city")
    return city


#: Development only: printed by `make run`, refused in production.
DEMO_ACCOUNTS = (
    ("lerner", "lernlotse-demo", Role.LEARNER, "Lea Lerner"),
    ("trainerin", "lernlotse-demo", Role.TRAINER, "Tara Trainerin"),
    ("helferin", "lernlotse-demo", Role.HELPER, "Hanna Helferin"),
    ("uebersetzer", "lernlotse-demo", Role.TRANSLATOR, "Ümit Übersetzer"),
    ("admin", "lernlotse-demo", Role.ADMIN, "Anna Admin"),
    ("stadtadmin", "lernlotse-demo", Role.ADMIN, "Willi Wiesbaden"),
)
#: Demo accounts that work for one city (the others work for all three).
DEMO_CITIES = {"trainerin": "frankfurt", "helferin": "frankfurt", "stadtadmin": "wiesbaden"}


@users_cli.command("demo")
def users_demo() -> None:
    """Create the demo accounts (development only) and print how to sign in."""
    from app.accounts.services import create_user

    if not current_app.config["SEED_DEMO_USERS"]:
        raise click.ClickException(
            "demo accounts exist only in development (LERNLOTSE_ENV=development)"
        )
    existing = set(db.session.scalars(select(User.username)))
    cities = {city.slug: city for city in db.session.scalars(select(City))}
    for username, password, role, name in DEMO_ACCOUNTS:
        if username not in existing:
            # As if they had signed up on the German pages (sign-up keeps the page's language).
            user = create_user(username, password, display_name=name, role=role, language="de")
            if username in DEMO_CITIES:
                user.city = cities[DEMO_CITIES[username]]
    db.session.commit()
    click.echo("Demo accounts (development only):")
    for username, password, role, _name in DEMO_ACCOUNTS:
        city = f"  ({DEMO_CITIES[username]})" if username in DEMO_CITIES else ""
        click.echo(f"  {role.value:<11} username: {username:<12} password: {password}{city}")
