"""`flask translate …`: the UI catalogues, on Babel's Python API."""

from __future__ import annotations

import os
import sys

import click
from flask.cli import AppGroup

from app.config import PROJECT_ROOT

translate_cli = AppGroup("translate", help="Extract, update and compile the UI translations.")


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
    from app.languages import enabled_languages
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
    """Build the .mo files the app reads (they are not committed), each only if its catalogue
    passes every check; a catalogue with a problem keeps its last good .mo and the command fails."""
    from babel.messages.mofile import write_mo

    from app.translate import catalogs

    refused = []
    for language in catalogs.catalogue_languages():
        result = catalogs.check_catalogue(language)
        target = catalogs.po_path(language).with_suffix(".mo")
        if result.problems:
            for problem in result.problems:
                click.echo(problem, err=True)
            kept = "the last good version is kept" if target.exists() else "it stays in English"
            click.echo(
                f"{language}: NOT compiled ({len(result.problems)} problem(s)); {kept}.", err=True
            )
            refused.append(language)
            continue
        catalog = catalogs.read_catalogue(catalogs.po_path(language))
        # Write beside the old file, then swap: a running site never reads half a catalogue.
        partial = target.with_suffix(".mo.partial")
        with open(partial, "wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        os.replace(partial, target)
        translated = sum(1 for m in catalog if m.id and m.string and not m.fuzzy)
        click.echo(f"{language}: compiled, {translated} of {len(catalog)} messages translated.")
    if refused:
        click.echo(
            f"Fix the lines named above in {', '.join(refused)} (TRANSLATING.md explains each "
            "message), then run this again.",
            err=True,
        )
        sys.exit(1)
