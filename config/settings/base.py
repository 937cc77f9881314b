"""Settings shared by every environment, driven by environment variables.

SQLite is the zero-setup default; ``DATABASE_URL`` (e.g.
``postgres://postgres@127.0.0.1:5432/postgres``) switches to PostgreSQL.
Malformed settings fail loudly at start-up rather than at the first request.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-dev-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
# Origins a browser may post from when they differ from the Host the proxy passes on
# (e.g. "https://portal.example.gov.cn"); not needed when the proxy keeps the Host header.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tables2",
    "django_filters",
    "axes",
    "plans",
    "indicators",
    "projects",
    "evaluation",
    "divisions",
    "reporting",
    "operations",
    "catalogue",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "config.errors.FriendlyErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "operations.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reporting.context_processors.inbox_badges",
            ],
        },
    },
]


# SQLite serves one machine: every write transaction takes the write lock at BEGIN (IMMEDIATE), so two
# concurrent saves queue on the busy timeout instead of failing with "database is locked" when a
# reader upgrades; WAL lets readers go on while one writer writes.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}


def database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    try:
        # CONN_HEALTH_CHECKS: a connection the server dropped (restart, failover) is replaced at the
        # start of the next request instead of failing it.
        config = dj_database_url.parse(
            url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from exc
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"DATABASE_URL has an unsupported scheme: {url.split(':', 1)[0]!r}")
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out accounts and addresses
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inbox"  # 我的待办: each role lands on its own to-do list
LOGOUT_REDIRECT_URL = "plan-list"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Four eyes: whoever submitted a (region, year) may not approve it — administrators included —
# unless this is switched on for one-person offices. Off by default; every approval made under it
# is recorded as such (SubmissionEvent.single_person).
REVIEW_ALLOW_SINGLE_PERSON = env_bool("REVIEW_ALLOW_SINGLE_PERSON", False)

# Uploads: plan drafts and Excel files are small; refuse anything larger early.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
FILE_UPLOAD_HANDLERS = [
    "config.uploads.SizeLimitedUploadHandler",  # stops storing any file past UPLOAD_MAX_BYTES
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

# Sessions live in the database (shared by every app server). A government office's defaults:
# signed out after 30 minutes without a request, and after 8 hours at most, and when the browser closes.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_MAX_AGE_SECONDS", 8 * 3600)
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy, the same in every environment so a regression shows in development and
# tests. Scripts only from this site: no inline code, no inline handlers, no eval (data blocks are
# <script type="application/json">, which browsers do not execute). Styles: the site's stylesheet,
# plus exactly what plotly.js needs (measured in chromium, docs/deploy.md#content-security-policy):
#  * one EMPTY <style> element it creates and then fills through the CSSOM (insertRule, which CSP
#    does not govern): allowed by the hash of the empty string, which admits no other content;
#  * style="…" attributes on the SVG it draws: style-src-attr 'unsafe-inline'. Attributes cannot
#    hold selectors or load anything (img/font/connect stay 'self'), so this is the narrow end.
PLOTLY_EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "style-src-elem": [CSP.SELF, PLOTLY_EMPTY_STYLE_HASH],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account, or from
# one address, further attempts are refused for AXES_COOLOFF_TIME, on the site login and on /admin/.
# Each failure and each login is stored (admin: 访问尝试 / 访问日志) and logged.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "operations.auth.client_ip"
# How many reverse proxies put their address in X-Forwarded-For in front of the app (0: none,
# REMOTE_ADDR is the browser). Set 1 behind one TLS-terminating proxy.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

# Caches: per process by default (one machine); set CACHE_URL to share one cache between app
# servers: redis://host:6379/0 (needs the "redis" package) or "db" for a table in the database.
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL == "db":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    }
elif CACHE_URL in {"", "locmem"}:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"CACHE_URL must be redis://…, db or locmem, got {CACHE_URL!r}")

# The plan page caches its document part (key projects, table of contents) this long, keyed by the
# plan and its source file's hash; 0 turns the cache off.
PLAN_DOCUMENT_CACHE_SECONDS = env_int("PLAN_DOCUMENT_CACHE_SECONDS", 300)

# The roll-up pages and their maps cache what they read, keyed by the status table's version (a
# write shows at once); an entry lives at most this long. 0 turns the cache off.
ROLLUP_CACHE_SECONDS = env_int("ROLLUP_CACHE_SECONDS", 300)

# Demo accounts with known passwords: only the development settings allow them.
DEMO_ACCOUNTS_ALLOWED = False

# Logs go to stderr (gunicorn and systemd/journald collect them). "operations.auth" records every
# successful and failed login; "axes" every lockout; "django.request" every 5xx.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "operations.auth": {"level": "INFO"},
        "axes": {"level": os.environ.get("LOG_LEVEL_AXES", "WARNING")},
    },
}

# Progress ratings (see the methodology page, /methodology/). The single place these cut-offs
# are set: P is the share of the required change the projection reaches by the target year;
# growth_* the annual change in the desired direction, for targets without a number.
PROGRESS_THRESHOLDS = {
    "on_track": "0.95",
    "acceleration_needed": "0.5",
    "limited": "0",
    "growth_on_track": "0.02",
    "growth_acceleration_needed": "0.005",
    "growth_limited": "0",
}

# Key-project evidence files (stored in the database, served only to readers of the region).
PROJECT_EVIDENCE_MAX_BYTES = int(os.environ.get("PROJECT_EVIDENCE_MAX_BYTES", str(2 * 1024 * 1024)))
if not 0 < PROJECT_EVIDENCE_MAX_BYTES <= UPLOAD_MAX_BYTES:
    raise ImproperlyConfigured("PROJECT_EVIDENCE_MAX_BYTES must be between 1 and UPLOAD_MAX_BYTES")
# Email (reminders, docs/reporting.md). Django 6.1's MAILERS (the EMAIL_* settings are deprecated and
# may not be mixed with it); the environment variables keep their usual EMAIL_* names.
# SMTP when EMAIL_HOST is set, else the emails are printed to the console.
_email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
_email_options = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": 30,
    }
    if _email_options["use_tls"] and _email_options["use_ssl"]:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true")
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # sender of error mails
# Links in reminder emails point here.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000")
# Editors are reminded this many days before a deadline (and once more when it has passed).
REMINDER_DAYS_BEFORE = int(os.environ.get("REMINDER_DAYS_BEFORE", "7"))
