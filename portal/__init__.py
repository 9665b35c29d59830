"""Practice Portal: create_app() builds the Flask application."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, commands, error pages."""
    app = Flask(
        __name__,
        instance_path=_instance_path(test_config),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from portal import config

    config.load_config(app, test_config)
    _register_extensions(app)
    _register_blueprints(app)
    _register_cli_and_templates(app)
    return app


def _instance_path(test_config: dict | None) -> str:
    """PORTAL_INSTANCE_PATH, else instance/ beside the checkout."""
    chosen = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("PORTAL_INSTANCE_PATH")
    return str(Path(chosen or ROOT / "instance").resolve())


def _register_extensions(app: Flask) -> None:
    """init_app each subsystem once."""
    from portal import db, errors, i18n, logs
    from portal.auth import loader
    from portal.extensions import csrf, limiter, migrate
    from portal.security import headers

    logs.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db.db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    loader.init_app(app)
    headers.init_app(app)
    errors.init_app(app)
    i18n.init_app(app)
    if app.config.get("PROXY_FIX_X_FOR"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=int(app.config["PROXY_FIX_X_FOR"]), x_proto=1, x_host=0
        )


def _register_blueprints(app: Flask) -> None:
    """Public pages, intake, shelf, sign-in and the clinician workspace."""
    from portal import inputs
    from portal.auth.views import bp as auth_bp
    from portal.clinician.views import bp as clinician_bp
    from portal.handouts.views import bp as handouts_bp
    from portal.handouts.views import public_bp as handout_files_bp
    from portal.intake.views import bp as intake_bp
    from portal.main.views import bp as main_bp
    from portal.shelf.curation import bp as curation_bp
    from portal.shelf.views import bp as shelf_bp

    inputs.init_app(app)  # bounded <int:…> converters, before any rule is added

    blueprints = (
        main_bp,
        intake_bp,
        shelf_bp,
        handout_files_bp,
        auth_bp,
        clinician_bp,
        curation_bp,
        handouts_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    from portal.shelf import page_cache

    page_cache.init_app(app)  # repeat anonymous shelf listings from memory, keyed on its changes


def _register_cli_and_templates(app: Flask) -> None:
    """The `portal` commands and what every template can see."""
    from portal import cli
    from portal.practice import get_practice, tel_href
    from portal.practice_logo import current_logo
    from portal.practice_time import local_date, local_time, zone_display_name

    cli.init_app(app)
    app.add_template_filter(tel_href, "tel_href")
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(local_date, "local_date")
    app.add_template_global(zone_display_name, "practice_zone_name")
    app.add_template_global(current_logo, "practice_logo")

    @app.context_processor
    def inject_practice() -> dict:
        return {"practice": get_practice()}
