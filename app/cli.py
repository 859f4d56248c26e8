"""The command groups: `flask courses …`, `flask users …`, `flask translate …`, `flask seminars …`,
and `flask db backup` beside Flask-Migrate's `flask db` commands.

Each lives in its feature package; this module only registers them.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.accounts.cli import users_cli
    from app.content.cli import courses_cli
    from app.demo import demo_cli
    from app.groups.cli import groups_cli
    from app.seminars.cli import seminars_cli
    from app.translate.cli import translate_cli

    for group in (courses_cli, users_cli, translate_cli, seminars_cli, groups_cli, demo_cli):
        app.cli.add_command(group)
    # Flask-Migrate registers the `db` group when the app loads; backups belong beside upgrade.
    from flask_migrate.cli import db as db_cli

    from app.backup import backup_command

    db_cli.add_command(backup_command)
