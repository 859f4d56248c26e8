"""`flask db backup`: a consistent copy of the database while the site keeps running.

SQLite: SQLite's online backup API (the copy is a valid database even if people write meanwhile).
PostgreSQL: pg_dump in its custom format (restore with pg_restore), which must be installed.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from app.extensions import db


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy the SQLite database at *source* to *target* with the online backup API."""
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy)
    # sqlite3's context manager commits but does not close.
    live.close()
    copy.close()


def backup_postgresql(url: str, target: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise click.ClickException(
            "pg_dump is not installed (Debian: apt-get install postgresql-client)"
        )
    parsed = make_url(url).set(drivername="postgresql")
    result = subprocess.run(
        [
            pg_dump,
            "--format=custom",
            "--no-owner",
            f"--file={target}",
            f"--dbname={parsed.render_as_string(hide_password=False)}",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise click.ClickException(f"pg_dump failed: {result.stderr.strip()}")


@click.command("backup")
@click.option(
    "--to",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The backup file (default: instance/backups/lernlotse-<time>.sqlite or .dump).",
)
@with_appcontext
def backup_command(target: Path | None) -> None:
    """Write a consistent backup of the database while the site keeps running."""
    url = db.engine.url
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(current_app.instance_path) / "backups"
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise click.ClickException("an in-memory database cannot be backed up")
        target = target or folder / f"lernlotse-{stamp}.sqlite"
        target.parent.mkdir(parents=True, exist_ok=True)
        backup_sqlite(Path(url.database), target)
    elif url.get_backend_name() == "postgresql":
        target = target or folder / f"lernlotse-{stamp}.dump"
        target.parent.mkdir(parents=True, exist_ok=True)
        backup_postgresql(url.render_as_string(hide_password=False), target)
    else:
        raise click.ClickException(f"no backup method for {url.get_backend_name()}")
    click.echo(f"Backup written to {target} ({target.stat().st_size:,} bytes).")
