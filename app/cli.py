"""`flask courses …`, `flask users …`, `flask translate …`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import inspect, select

from app.config import PROJECT_ROOT
from app.content.checker import check_tree
from app.content.importer import ImportRefused, import_courses, known_versions
from app.content.source import document_hash
from app.extensions import db
from app.models import City, Role, User

courses_cli = AppGroup("courses", help="Check and import the course files.")
users_cli = AppGroup("users", help="Manage accounts.")
translate_cli = AppGroup("translate", help="Extract, update and compile the UI translations.")


def _courses_root() -> Path:
    return Path(current_app.config["COURSES_DIR"])


def _database_ready() -> bool:
    return inspect(db.engine).has_table("source_version")


@courses_cli.command("check")
@click.argument(
    "path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
def courses_check(path: Path | None) -> None:
    """Check the course files (or one course folder) and list every problem as path:line: message."""
    root = _courses_root()
    only = None
    if path is not None:
        path = path.resolve()
        if path != root.resolve():
            if path.parent.resolve() == root.resolve():
                only = path
            else:
                root = path
    history = known_versions if _database_ready() else (lambda course, document: set())
    catalogue, problems = check_tree(root, only, history)
    for problem in problems:
        click.echo(str(problem), err=problem.is_error)
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    summary = (
        f"{len(catalogue.courses)} course(s) checked: {errors} error(s), {warnings} warning(s)."
    )
    click.echo(summary)
    if errors:
        sys.exit(1)


@courses_cli.command("import")
@click.option(
    "--rerender", is_flag=True, help="Render every file again (after a change to the renderer)."
)
def courses_import(rerender: bool) -> None:
    """Import the course files; nothing changes if any file has an error."""
    root = _courses_root()

    def progress(items):
        with click.progressbar(
            items,
            label="Importing courses",
            file=sys.stderr,
            item_show_func=lambda c: c.slug if c else "",
        ) as bar:
            yield from bar

    try:
        report = import_courses(root, progress, rerender=rerender)
    except ImportRefused as refused:
        db.session.rollback()
        for problem in refused.problems:
            click.echo(str(problem), err=True)
        click.echo(
            f"Nothing was imported: fix the {len(refused.problems)} error(s) above first.", err=True
        )
        sys.exit(1)
    db.session.commit()
    for problem in report.warnings:
        click.echo(str(problem), err=True)
    if report.changed:
        click.echo(
            f"Imported: {len(report.created)} new, {len(report.updated)} updated, "
            f"{len(report.retired)} retired, {len(report.removed)} translation(s) removed."
        )
        for label, items in (
            ("new", report.created),
            ("updated", report.updated),
            ("retired", report.retired),
            ("removed", report.removed),
        ):
            for item in items:
                click.echo(f"  {label}: {item}")
    else:
        click.echo("Everything is up to date: nothing changed.")


@courses_cli.command("hash")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def courses_hash(files: tuple[Path, ...]) -> None:
    """Print the source hash of source-language files, for a translation's `source = "…"` line."""
    failed = False
    for file in files:
        value = document_hash(file.read_text(encoding="utf-8"))
        if value is None:
            click.echo(
                f"{file}: the front matter cannot be read; run flask courses check", err=True
            )
            failed = True
        else:
            click.echo(f"{value}  {file}")
    if failed:
        sys.exit(1)


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
    """Create an account with a role (learner, trainer, translator, admin)."""
    from app.accounts.services import UsernameTaken, create_user

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
    ("uebersetzer", "lernlotse-demo", Role.TRANSLATOR, "Ümit Übersetzer"),
    ("admin", "lernlotse-demo", Role.ADMIN, "Anna Admin"),
)


@users_cli.command("demo")
def users_demo() -> None:
    """Create the demo accounts (development only) and print how to sign in."""
    from app.accounts.services import create_user

    if not current_app.config["SEED_DEMO_USERS"]:
        raise click.ClickException(
            "demo accounts exist only in development (LERNLOTSE_ENV=development)"
        )
    existing = set(db.session.scalars(select(User.username)))
    frankfurt = db.session.scalar(select(City).where(City.slug == "frankfurt"))
    for username, password, role, name in DEMO_ACCOUNTS:
        if username not in existing:
            create_user(username, password, display_name=name, role=role)
    for trainer in db.session.scalars(
        select(User).where(User.role == Role.TRAINER, User.city_id.is_(None))
    ):
        trainer.city = frankfurt  # a trainer works for one city
    db.session.commit()
    click.echo("Demo accounts (development only):")
    for username, password, role, _name in DEMO_ACCOUNTS:
        click.echo(f"  {role.value:<11} username: {username:<12} password: {password}")


def _babel(*args: str) -> None:
    """Run one of Babel's catalogue commands through its Python API."""
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


TRANSLATIONS = PROJECT_ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"


@translate_cli.command("extract")
def translate_extract() -> None:
    """Collect the UI strings from code and templates into translations/messages.pot."""
    # Run from the project folder so that the references in the catalogues are relative paths.
    os.chdir(PROJECT_ROOT)
    _babel(
        "extract",
        "-F",
        str(PROJECT_ROOT / "babel.cfg"),
        "-k",
        "_l",
        "--add-comments=i18n:",
        "--sort-by-file",
        "--project=Lernlotse",
        "-o",
        str(POT),
        ".",
    )


@translate_cli.command("update")
def translate_update() -> None:
    """Merge new strings from messages.pot into every language's messages.po."""
    _babel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "--ignore-obsolete")


@translate_cli.command("init")
@click.argument("language")
def translate_init(language: str) -> None:
    """Start the catalogue of a new language."""
    _babel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", language)


@translate_cli.command("status")
def translate_status() -> None:
    """How complete each language is: interface texts, and each course's lessons."""
    from app.i18n import enabled_languages
    from app.translate import catalogs, services

    click.echo("Interface texts (translations/<language>/LC_MESSAGES/messages.po):")
    for language in catalogs.catalogue_languages():
        status = catalogs.catalogue_status(language)
        click.echo(
            f"  {language:<8} {status.translated:>4} translated, {status.fuzzy:>3} fuzzy, "
            f"{status.untranslated:>3} untranslated"
        )
    click.echo("Lessons (courses/<course>/<language>/):")
    for entry in services.translation_overview(enabled_languages()):
        click.echo(f"  {entry.course.slug}")
        for language in entry.languages:
            counts = {
                state: entry.count(language, state) for state in ("current", "outdated", "missing")
            }
            click.echo(
                f"    {language:<8} {counts['current']:>2} up to date, {counts['outdated']:>2} outdated, "
                f"{counts['missing']:>2} missing"
            )
            for status in entry.documents[language]:
                if status.state == "outdated":
                    click.echo(
                        f"      outdated: {status.document} (source changed since {status.based_on})"
                    )


@translate_cli.command("check")
def translate_check() -> None:
    """Check every catalogue: msgfmt --check, placeholders, HTML tags, plural forms."""
    from app.translate import catalogs

    problems = 0
    for language in catalogs.catalogue_languages():
        result = catalogs.check_catalogue(language)
        for problem in result.problems:
            click.echo(problem, err=True)
        problems += len(result.problems)
        click.echo(
            f"{language}: {'ok' if not result.problems else f'{len(result.problems)} problem(s)'}"
        )
    if problems:
        sys.exit(1)


@translate_cli.command("compile")
def translate_compile() -> None:
    """Build the .mo files the app reads (they are not committed)."""
    _babel("compile", "-d", str(TRANSLATIONS), "--statistics")


def init_app(app: Flask) -> None:
    from app.seminars.cli import seminars_cli

    app.cli.add_command(seminars_cli)
    app.cli.add_command(courses_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(translate_cli)
