"""Settings from environment variables, with safe defaults for development."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: A value that only a development machine may use; production refuses it.
DEV_SECRET_KEY = "dev-only-not-secret"


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the app can start with."""


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "lernlotse.sqlite")
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3 spelled out.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def engine_options(url: str) -> dict[str, object]:
    """Connection pool and timeouts. PostgreSQL: a bounded pool per worker process, and a statement
    timeout so that one slow query cannot hold a worker (and its connection) for good."""
    options: dict[str, object] = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        timeout_ms = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "10000"))
        options.update(
            pool_size=int(os.environ.get("DB_POOL_SIZE", "5")),
            max_overflow=int(os.environ.get("DB_MAX_OVERFLOW", "5")),
            pool_recycle=int(os.environ.get("DB_POOL_RECYCLE", "1800")),
            pool_timeout=int(os.environ.get("DB_POOL_TIMEOUT", "10")),
            connect_args={
                "options": f"-c statement_timeout={timeout_ms} "
                "-c idle_in_transaction_session_timeout=60000",
                "connect_timeout": 5,
                "application_name": "lernlotse",
            },
        )
    return options


#: Rate-limit stores that count per process: with several processes, each counts on its own.
PER_PROCESS_STORES = ("memory://",)


def rate_limit_storage(environment: str) -> str:
    """Where rate-limit counts live. Production needs a store shared by every worker and server
    (Redis), or the explicit statement that exactly one process serves the site."""
    uri = os.environ.get("RATELIMIT_STORAGE_URI", "")
    if environment != "production":
        return uri or "memory://"
    per_process = not uri or uri.startswith(PER_PROCESS_STORES)
    if per_process and os.environ.get("RATELIMIT_ONE_PROCESS") != "1":
        raise ConfigError(
            "RATELIMIT_STORAGE_URI must name a store that all workers and servers share, for "
            "example redis://localhost:6379/0 (apt-get install redis-server). With the default "
            "memory:// every worker counts on its own, so the sign-in limits let several times "
            "more guesses through. Only if exactly one process serves the site, set "
            "RATELIMIT_ONE_PROCESS=1 to keep memory://. See docs/deploy.md."
        )
    return uri or "memory://"


def load_config(instance_path: str) -> dict[str, object]:
    """Build the configuration mapping from the environment."""
    environment = os.environ.get("LERNLOTSE_ENV", "development")
    secret_key = os.environ.get("SECRET_KEY", "")
    if environment == "production" and (
        not secret_key or secret_key == DEV_SECRET_KEY or len(secret_key) < 32
    ):
        raise ConfigError(
            "SECRET_KEY must be set to a random value of at least 32 characters in "
            "production (for example: python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    return {
        "ENV_NAME": environment,
        "SECRET_KEY": secret_key or DEV_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        # Absolute, so that images are found whatever the working directory.
        "COURSES_DIR": str(Path(os.environ.get("COURSES_DIR", PROJECT_ROOT / "courses")).resolve()),
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "BABEL_DEFAULT_LOCALE": "de",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Berlin",
        # The languages served, German (the default) first; codes from the table in app/i18n.py.
        "LANGUAGES": [
            code.strip()
            for code in os.environ.get("LANGUAGES", "de,de-x-ls,en,tr,ar,fa,uk,ru,pl").split(",")
            if code.strip()
        ],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Cookies travel over HTTPS only, everywhere but on a developer's machine.
        "SESSION_COOKIE_SECURE": environment != "development",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": environment != "development",
        # Rate limits: "memory://" keeps counts per process (development, one process); several
        # gunicorn workers or servers share a store, e.g. "redis://localhost:6379/0".
        "RATELIMIT_STORAGE_URI": rate_limit_storage(environment),
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "1") == "1",
        "RATELIMIT_KEY_PREFIX": "lernlotse",
        # If Redis cannot be reached, count in the process (and log it) rather than fail sign-ins.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # How many reverse proxies stand before the app (nginx: 1), so that rate limits count
        # the visitor's address, not the proxy's.
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        "WTF_CSRF_TIME_LIMIT": None,  # a slow reader must not lose a form to a timer
        "SEED_DEMO_USERS": environment == "development",
        # Pages kept per process for visitors without an account (app/page_cache.py); 0 turns
        # the cache off. A lesson page is about 12-30 KB.
        "PAGE_CACHE_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "1000")),
        # How often each process asks the database whether `flask courses import` changed the
        # content (app/content/version.py): the longest an import takes to show.
        "CONTENT_RECHECK_SECONDS": float(os.environ.get("CONTENT_RECHECK_SECONDS", "2")),
        # How long each process keeps figures summed over whole tables (open-data statistics,
        # reports; app/aggregates.py) before computing them again.
        "AGGREGATES_CACHE_SECONDS": float(os.environ.get("AGGREGATES_CACHE_SECONDS", "300")),
        # Logs: JSON lines on stdout outside development (LOG_FORMAT=text for people).
        "LOG_FORMAT": os.environ.get(
            "LOG_FORMAT", "text" if environment == "development" else "json"
        ),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO").upper(),
        # The address people use to reach the site: links in e-mails, login cards, calendars.
        "SITE_URL": os.environ.get("SITE_URL", "http://127.0.0.1:5000"),
        # E-mail: "console" prints messages (development), "smtp" sends them.
        "MAIL_BACKEND": os.environ.get(
            "MAIL_BACKEND", "smtp" if environment == "production" else "console"
        ),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Lernlotse <no-reply@localhost>"),
        "SMTP_HOST": os.environ.get("SMTP_HOST", "localhost"),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "25")),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        # "starttls" (port 587), "ssl" (port 465) or "none" (a relay on the same machine)
        "SMTP_SECURITY": os.environ.get("SMTP_SECURITY", "none"),
    }
