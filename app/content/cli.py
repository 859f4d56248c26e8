"""`flask courses …`: check, import and hash the course files."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from app.content import history
from app.content.checker import check_tree
from app.content.files import document_hash
from app.content.importer import ImportRefused, history_versions, import_courses, known_versions
from app.extensions import db

courses_cli = AppGroup("courses", help="Check and import the course files.")


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
        db.session.commit()
    except ImportRefused as refused:
        db.session.rollback()
        for problem in refused.problems:
            click.echo(str(problem), err=True)
        click.echo(
            f"Nothing was imported: fix the {len(refused.problems)} error(s) above first.", err=True
        )
        sys.exit(1)
    except SQLAlchemyError as error:
        # The checker should have caught it; if not, the database refused: nothing was changed.
        db.session.rollback()
        reason = getattr(error, "orig", error)
        click.echo(f"Nothing was imported: the database refused a value ({reason}).", err=True)
        sys.exit(1)
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


@courses_cli.command("history")
def courses_history() -> None:
    """Write every imported source version into its course's _history folder, to commit.

    The import itself writes nothing into courses/ (a server may keep it read-only). Authors run
    this after importing a changed source text (`make run` does), so that every installation
    recognises translations of the older version.
    """
    root = _courses_root()
    written = 0
    for course_slug, document, hash_, text in history_versions():
        folder = root / course_slug
        if folder.is_dir():
            written += history.record(folder, document, hash_, text)
    click.echo(f"{written} new source version(s) written to the _history folders.")


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
