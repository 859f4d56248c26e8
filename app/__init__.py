"""Lernlotse: multilingual, accessible courses on using city e-services."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import cli, edge, error_pages, i18n, observability, page_cache, security, templating
from app.config import engine_options, load_config
from app.extensions import babel, configure_sqlite, csrf, db, limiter, login_manager, migrate


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, CLI and error handlers. Nothing else."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    # First: the bounded integer converter must be in place before any route is added, and the
    # input guard must run before every other hook.
    edge.init_app(app)
    app.config.from_mapping(load_config(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    # Pool settings and timeouts follow the database finally configured.
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )

    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            configure_sqlite(engine)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(app.root_path, os.pardir, "migrations"),
        render_as_batch=True,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)

    # The views, which define their blueprints; nothing else in the app imports them.
    from app.accessibility.views import bp as accessibility_bp
    from app.accessibility.views import site_media_bp
    from app.accounts.settings_views import bp as settings_bp
    from app.accounts.sign_ins import load_user
    from app.accounts.staff_views import staff_bp
    from app.accounts.views import bp as accounts_bp
    from app.api.views import bp as api_bp
    from app.catalog.views import bp as catalog_bp
    from app.catalog.views import media_bp
    from app.cities.views import bp as cities_bp
    from app.groups.join_views import membership_bp
    from app.groups.views import groups_bp
    from app.learn.practice_views import bp as practice_bp
    from app.learn.views import bp as learn_bp
    from app.reports.views import bp as reports_bp
    from app.seminars.roster_views import bp as roster_bp
    from app.seminars.trainer_views import trainer_bp
    from app.seminars.views import bp as seminars_bp
    from app.seminars.views import feeds_bp
    from app.translate.views import bp as translate_bp

    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = None  # the sign-in page explains itself

    i18n.init_app(app)
    app.register_blueprint(catalog_bp, url_prefix="/<lang>")
    app.register_blueprint(learn_bp, url_prefix="/<lang>")
    app.register_blueprint(practice_bp, url_prefix="/<lang>")
    app.register_blueprint(accounts_bp, url_prefix="/<lang>/account")
    app.register_blueprint(settings_bp, url_prefix="/<lang>/account")
    app.register_blueprint(staff_bp, url_prefix="/<lang>/admin/staff")
    app.register_blueprint(reports_bp, url_prefix="/<lang>/admin/reports")
    app.register_blueprint(seminars_bp, url_prefix="/<lang>/seminars")
    app.register_blueprint(trainer_bp, url_prefix="/<lang>/trainer")
    app.register_blueprint(roster_bp, url_prefix="/<lang>/trainer")
    app.register_blueprint(groups_bp, url_prefix="/<lang>/trainer/groups")
    app.register_blueprint(membership_bp, url_prefix="/<lang>")
    app.register_blueprint(translate_bp, url_prefix="/<lang>/translate")
    app.register_blueprint(accessibility_bp, url_prefix="/<lang>")
    app.register_blueprint(cities_bp, url_prefix="/<lang>/cities")
    app.register_blueprint(feeds_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(site_media_bp)
    templating.init_app(app)
    error_pages.init_app(app)
    security.init_app(app)
    observability.init_app(app)
    cli.init_app(app)
    page_cache.init_app(app)  # last: see its init_app
    return app
