"""The Tiltas application factory."""

import os
import secrets
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from camps import catalogue, demo
from camps.api import events as events_api
from camps.views import public as camps_pages
from camps.views import staff as camps_staff_pages
from core import backup
from core.bounds import MAX_INTEGER
from core.db import guard_commits
from core.languages import DEFAULT_LOCALE, LANGUAGES
from extensions import babel, csrf, db, limiter, login, migrate
from registration import commands as registration_commands
from registration import tasks
from registration.api import bookings as bookings_api
from registration.api import checkin as checkin_api
from registration.api import facility as facility_api
from registration.views import facility as facility_pages
from registration.views import privacy as privacy_pages
from registration.views import public as registration_pages
from registration.views import scan as scan_pages
from registration.views import staff as registration_staff_pages
from staff import api as staff_api
from staff import commands as staff_commands
from staff import views as staff_pages
from staff.models import Role
from web import handlers, jobs, locale, openapi, security

MAX_BODY_BYTES = 1024 * 1024


class BoundedInteger(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INTEGER)
        super().__init__(url_map, *args, **kwargs)


def database_url(url: str) -> str:
    """Accept postgres://, postgresql:// and postgresql+psycopg://; use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _secret_key(instance: Path) -> str:
    """A key kept in instance/, so every worker and restart shares it."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def default_config(instance: Path) -> dict:
    env = os.environ
    base_url = env.get("BASE_URL", "http://127.0.0.1:5000")
    return {
        "SECRET_KEY": env.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": env.get(
            "DATABASE_URL", f"sqlite:///{instance / 'tiltas.sqlite3'}"
        ),
        "BASE_URL": base_url,
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "false").lower() in ("1", "true", "yes"),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "Tiltas <noreply@tiltas.invalid>"),
        "MAIL_OUTBOX_DIR": env.get("MAIL_OUTBOX_DIR", str(instance / "outbox")),
        "MAIL_CLAIM_SECONDS": int(env.get("MAIL_CLAIM_SECONDS", "120")),
        # Background work: Celery with this broker (Redis); without it, jobs run after the
        # response in the web process (core.jobs).
        "CELERY_BROKER_URL": env.get("CELERY_BROKER_URL", ""),
        "CELERY_QUEUE": env.get("CELERY_QUEUE", "tiltas"),
        "CELERY_VISIBILITY_TIMEOUT": int(env.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Limits counted in Redis are shared by every server; the prefix keeps them apart
        # from anything else in the same Redis.
        "RATELIMIT_KEY_PREFIX": env.get("RATELIMIT_KEY_PREFIX", "tiltas"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "REGISTRATION_RATE_LIMIT": env.get("REGISTRATION_RATE_LIMIT", "30 per hour"),
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        "SESSION_IDLE_MINUTES": int(env.get("SESSION_IDLE_MINUTES", "60")),
        "SESSION_MAX_HOURS": int(env.get("SESSION_MAX_HOURS", "12")),
        "CATALOGUE_CACHE_SECONDS": int(env.get("CATALOGUE_CACHE_SECONDS", "30")),
        "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": base_url.startswith("https://"),
        "SESSION_COOKIE_NAME": "tiltas_session",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "BABEL_DEFAULT_LOCALE": DEFAULT_LOCALE,
        "WTF_CSRF_TIME_LIMIT": None,
        "JSON_SORT_KEYS": False,
    }


def create_app(config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, commands and error pages."""
    app = Flask(__name__, instance_relative_config=True)
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(default_config(instance))
    if config:
        app.config.update(config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _secret_key(instance)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # Survive a database restart; SQLite files need no such check.
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    else:
        # Wait this many seconds for another writer before answering "busy".
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"connect_args": {"timeout": 10}})
    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    db.init_app(app)
    guard_commits()
    migrate.init_app(app, db, directory=str(Path(app.root_path) / "migrations"))
    babel.init_app(app, locale_selector=locale.select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    login.init_app(app)
    login.login_view = "auth.login_view"
    login.login_message = _l("Please log in to see this page.")
    login.session_protection = None  # the server-side session row is the protection
    security.init_app(app)
    catalogue.init_app(app)
    jobs.init_app(app, schedule=tasks.SCHEDULE)

    # Ids in addresses fit the databases' integers: a 30-digit "id" is simply not found.
    app.url_map.converters["int"] = BoundedInteger
    for blueprint in (
        camps_pages.bp,
        camps_staff_pages.bp,
        staff_pages.bp,
        staff_api.bp,
        openapi.bp,
        events_api.bp,
        registration_pages.bp,
        registration_staff_pages.bp,
        bookings_api.bp,
        checkin_api.bp,
        scan_pages.bp,
        facility_api.bp,
        facility_pages.bp,
        privacy_pages.bp,
    ):
        app.register_blueprint(blueprint)
    app.cli.add_command(staff_commands.staff_cli)
    app.cli.add_command(demo.demo_command)
    app.cli.add_command(registration_commands.registrations_cli)
    app.cli.add_command(registration_commands.mail_cli)
    app.cli.add_command(registration_commands.retention_cli)
    app.cli.add_command(backup.backup_cli)
    handlers.init_app(app)
    _register_template_helpers(app)
    return app


def _register_template_helpers(app: Flask) -> None:
    # Smaller pages for phones on slow, metered connections.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES,
        current_locale=locale.current_locale,
        format_span=locale.format_span,
        Role=Role,
    )
    app.jinja_env.filters.update(
        local_datetime=locale.format_local,
        local_date=locale.format_local_date,
        local_time=locale.format_local_time,
        country=locale.country,
    )


def __getattr__(name: str):
    """`celery --app app:celery_app worker|beat`: the Celery app of an app built from the
    environment, as `flask --app app` builds one."""
    if name == "celery_app":
        return create_app().extensions["celery"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
