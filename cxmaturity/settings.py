"""Settings for CX Maturity.

One file, driven by environment variables. A value that cannot be
understood stops start-up with ImproperlyConfigured instead of being
silently replaced by a default: a typo in production must be loud.
"""

import os
import re
import secrets
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY", "")
    if key and not DEBUG and (len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure")):
        # Sessions, CSRF tokens and the hashed client addresses of the rate limits rest on it.
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is too weak: use at least 50 random characters "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    # Local development only: keep a generated key in a git-ignored file so
    # sessions and private links survive restarts of `make run`.
    key_file = BASE_DIR / ".local" / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name at least one host when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "cxmaturity.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "simple_history",
    "stages",
    "assessments",
    "consulting",
    "django_tasks",
    "django_tasks_db",
    "invitations",
    "peers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change the consultant area's history shows.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost, so its 400 page still gets the headers above (CSP, frame options); it runs
    # before any view or the CSRF check reads the body (cxmaturity/middleware.py).
    "cxmaturity.middleware.RejectMalformedRequests",
]

ROOT_URLCONF = "cxmaturity.urls"
WSGI_APPLICATION = "cxmaturity.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "consulting.context_processors.consultant",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
except Exception as exc:  # dj-database-url raises several types for bad URLs
    raise ImproperlyConfigured(f"DATABASE_URL={DATABASE_URL!r} cannot be parsed: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent respondents write at once: WAL lets readers proceed during a
    # write, IMMEDIATE transactions take the write lock up front (no deadlock
    # on lock upgrade), and the timeout makes writers queue instead of failing.
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    # A file, not memory, for the test database: threads in race and browser
    # tests then lock it the way production processes do.
    _db["TEST"] = {"NAME": str(BASE_DIR / ".local" / f"test-{os.getpid()}.sqlite3")}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# --- Cache ----------------------------------------------------------------
# The cache holds the rate-limit counters and rendered PDFs, so it must be
# shared by every worker process: a per-process cache would multiply the
# rate limits by the number of workers and re-render PDFs another worker has.
# Redis when there is one; else a folder (`make serve` uses .local/cache);
# the per-process memory cache only for development and tests.
# Both backends (cxmaturity/cache.py) keep the site working when the cache is
# unreachable: a miss, an uncached render, a logged warning, /healthz 503.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_DIR = os.environ.get("DJANGO_CACHE_DIR", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cxmaturity.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # An unreachable Redis must cost a request a second at most, not a worker timeout.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
elif CACHE_DIR:
    if not Path(CACHE_DIR).is_absolute():
        raise ImproperlyConfigured(f"DJANGO_CACHE_DIR={CACHE_DIR!r} must be an absolute path.")
    CACHES = {
        "default": {
            "BACKEND": "cxmaturity.cache.ResilientFileBasedCache",
            "LOCATION": CACHE_DIR,
            # Room for the PDFs of a busy week; culling beyond is harmless (they re-render).
            "OPTIONS": {"MAX_ENTRIES": env_int("DJANGO_CACHE_MAX_ENTRIES", 2000)},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cx"}}
# Rate limits (cxmaturity/limits.py) let requests through when the cache cannot count them:
# an outage must not stop people starting an assessment (docs/security.md).
RATELIMIT_FAIL_OPEN = True
# /healthz (cxmaturity/health.py): every service the site needs. The background worker
# fails it only while e-mail waits and its last pass is older than CX_WORKER_STALE_SECONDS.
CX_HEALTH_CHECKS = ["health_check.checks.Database", "health_check.checks.Cache", "invitations.health.WorkerHeartbeat"]

# --- Auth -----------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "consulting:client_list"
LOGOUT_REDIRECT_URL = "home"

# Brute-force protection: lock a username+IP pair after 5 failures for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# --- E-mail ---------------------------------------------------------------
# One variable, parsed by dj-email-url: smtp://user:pass@host:25,
# submission://user:pass@host:587 (STARTTLS), smtp://host:465?ssl=1,
# console:// (printed by the worker), file:///.local/mail (one file per
# message, a relative path is under this folder; file:////var/mail/cx is
# absolute). Nothing is sent from a request: the worker sends (see TASKS).
# Debug writes files into .local/mail; production must say where mail goes: no
# default there, so that no message (its recipient's address with it) ends up
# printed in a log by accident. (`make serve` and `make worker` pass the file URL
# when none is set, and say so.)
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if not EMAIL_URL and not DEBUG:
    raise ImproperlyConfigured(
        "EMAIL_URL must be set when DJANGO_DEBUG is off, e.g. submission://user:password@mail.example.com:587 "
        "(or file:///.local/mail to keep each message as a file; see docs/email.md)."
    )
EMAIL_URL = EMAIL_URL or "file:///.local/mail"
try:
    _email = dj_email_url.parse(EMAIL_URL)
except ValueError as exc:  # a port that is not a number, say
    raise ImproperlyConfigured(f"EMAIL_URL cannot be parsed: {exc}") from None
if "EMAIL_BACKEND" not in _email:
    # The URL may hold a password: name only its scheme.
    scheme = EMAIL_URL.partition(":")[0]
    raise ImproperlyConfigured(
        f"EMAIL_URL scheme {scheme!r} is not one of smtp, submission, console, file, memory, dummy."
    )
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
# A stalled server must not hold the worker for ever (dj-email-url: ?timeout=N).
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 30
if EMAIL_BACKEND.endswith("filebased.EmailBackend"):
    _mail_dir = Path(_email["EMAIL_FILE_PATH"] or ".local/mail")
    EMAIL_FILE_PATH = str(_mail_dir if _mail_dir.is_absolute() else BASE_DIR / _mail_dir)


def env_address(name: str, default: str) -> str:
    raw = os.environ.get(name) or default
    address = raw.rpartition("<")[2].rstrip(">").strip()
    try:
        validate_email(address)
    except ValidationError:
        raise ImproperlyConfigured(f'{name}={raw!r} is not an e-mail address ("Name <user@example.com>").') from None
    return raw


DEFAULT_FROM_EMAIL = env_address("DJANGO_DEFAULT_FROM_EMAIL", "CX Maturity <cx-maturity@localhost>")
SERVER_EMAIL = env_address("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Links in e-mails need the site's address: this one when set (https://cx.example.com),
# else the address the consultant was using when they invited.
CX_SITE_URL = os.environ.get("CX_SITE_URL", "").rstrip("/")
if CX_SITE_URL and not re.fullmatch(r"https?://[^/\s]+", CX_SITE_URL):
    raise ImproperlyConfigured(f"CX_SITE_URL={CX_SITE_URL!r} must be a scheme and host, e.g. https://cx.example.com.")

# --- Background worker ----------------------------------------------------
# django-tasks (the backport of Django 6's django.tasks) with its database
# backend: the queue is a table in the same database, so a message and the
# task that sends it are written in one transaction, and there is no broker to
# run. `manage.py run_worker` (make worker) processes it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
# The worker's periodic pass (heartbeat, due reminders, stalled messages), in seconds.
CX_WORKER_TICK_SECONDS = env_int("CX_WORKER_TICK_SECONDS", 60)
# Without a pass for this long the worker counts as down (/healthz, the round page).
CX_WORKER_STALE_SECONDS = env_int("CX_WORKER_STALE_SECONDS", 300)
# A message claimed for sending longer ago than this was lost with its worker: send it again.
CX_MAIL_LEASE_SECONDS = env_int("CX_MAIL_LEASE_SECONDS", 300)
# Attempts before a message is marked failed (waits between them grow: 1, 5, 30, 120 minutes).
CX_MAIL_MAX_ATTEMPTS = env_int("CX_MAIL_MAX_ATTEMPTS", 5)

# --- I18N -----------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("CX_MANIFEST_STATIC", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Behind a TLS-terminating proxy these must be on; they are on unless debug.
_https = env_bool("DJANGO_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", default=_https)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
if env_bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies append to X-Forwarded-For in front of the app (see cxmaturity/client_ip.py).
CX_TRUSTED_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 1 if env_bool("DJANGO_BEHIND_PROXY", default=False) else 0)
AXES_CLIENT_IP_CALLABLE = "cxmaturity.client_ip.client_ip"
# Health checks come over plain HTTP from the proxy or the orchestrator.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Plotly sets style attributes on the SVG it draws.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Product settings -----------------------------------------------------
# Unfinished anonymous assessments older than this are purged.
CX_PURGE_UNFINISHED_DAYS = env_int("CX_PURGE_UNFINISHED_DAYS", 90)
# Login records (django-axes: username, address, browser) older than this are purged
# by `manage.py purge_login_records` (docs/security.md).
CX_LOGIN_RECORD_DAYS = env_int("CX_LOGIN_RECORD_DAYS", 30)
# Starting assessments: at most this many per client IP per hour.
CX_START_RATE_PER_HOUR = env_int("CX_START_RATE_PER_HOUR", 30)
# Wrong old passwords at password change: at most this many per account per hour.
CX_PASSWORD_GUESSES_PER_HOUR = env_int("CX_PASSWORD_GUESSES_PER_HOUR", 5)

# --- Logging --------------------------------------------------------------


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_tokens": {"()": "cxmaturity.logs.RedactPrivateTokens"},
        "without_traceback": {"()": "cxmaturity.logs.WithoutTraceback"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    # Django's default "django" handlers would write request paths unfiltered
    # (its console one in debug); drop them and let it propagate to the root's.
    "loggers": {
        "django": {"handlers": [], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING"), "propagate": True},
        # /healthz finding a service down is news, not a bug: one line, no traceback.
        "health_check": {"filters": ["without_traceback"], "propagate": True},
    },
}
