"""`flask seminars send-mail` and `flask seminars remind`, for cron; both safe to run twice."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.extensions import db
from app.seminars import services
from app.seminars.sending import backend_from_config, send_pending

seminars_cli = AppGroup("seminars", help="Seminar e-mails: reminders and the outbox.")


@seminars_cli.command("send-mail")
@click.option("--limit", default=200, show_default=True, help="At most this many messages per run.")
def send_mail(limit: int) -> None:
    """Send the e-mails waiting in the outbox (SMTP, or printed in development)."""
    report = send_pending(backend_from_config(), limit=limit)
    click.echo(f"{report.sent} sent, {report.failed} failed (they will be retried).")


@seminars_cli.command("remind")
def remind() -> None:
    """Queue a reminder for everyone with a seat in a seminar that takes place tomorrow."""
    queued = services.queue_reminders()
    db.session.commit()
    click.echo(f"{queued} reminder(s) queued; run `flask seminars send-mail` to send them.")


@seminars_cli.command("demo")
def demo() -> None:
    """Development only: a venue and a few upcoming seminars in Frankfurt to try things with."""
    from datetime import time, timedelta

    from flask import current_app
    from sqlalchemy import select

    from app.models import City, Course, Role, Seminar, User, Venue, utcnow

    if not current_app.config["SEED_DEMO_USERS"]:
        raise click.ClickException(
            "demo seminars exist only in development (LERNLOTSE_ENV=development)"
        )
    if db.session.scalar(select(Seminar.id).limit(1)) is not None:
        click.echo("Demo seminars: there are seminars already, nothing added.")
        return
    city = db.session.scalar(select(City).where(City.slug == "frankfurt"))
    trainer = db.session.scalar(
        select(User).where(User.role == Role.TRAINER, User.city_id == city.id)
    )
    if city is None or trainer is None:
        raise click.ClickException("run `flask courses import` and `flask users demo` first")
    venue = Venue(
        city=city,
        # A made-up place: demo data must not claim facts about a real building.
        name="Beispiel-Lernraum (Demo)",
        street="Musterstraße 1",
        postcode="60311",
        town="Frankfurt am Main",
        step_free=True,
        accessible_toilet=True,
        hearing_loop=False,
        transport_notes="Demo: hier steht, welche Haltestellen in der Nähe sind.",
    )
    db.session.add(venue)
    db.session.flush()
    course = db.session.scalar(select(Course).where(Course.slug == "online-termin"))
    start = (utcnow() + timedelta(days=7)).astimezone(services.BERLIN).date()
    for title, language, weeks in (
        ("Termine online buchen – gemeinsam Schritt für Schritt", "de", 3),
        ("Booking a Bürgeramt appointment online", "en", 1),
        ("حجز موعد في Bürgeramt عبر الإنترنت", "ar", 1),
    ):
        data = services.SeminarData(
            title=title,
            description="",
            language=language,
            venue_id=venue.id,
            course_id=course.id if course else None,
            day=start,
            start=time(10),
            end=time(12),
            capacity=12,
        )
        services.create_seminars(trainer, data, weeks)
        start += timedelta(days=1)
    db.session.commit()
    click.echo("Demo seminars added in Frankfurt (venue, five seminars, trainer 'trainerin').")
