"""Gunicorn settings for `make serve` (and the production tests and benchmarks).

Command-line options override these. Values come from the environment and a
bad one stops start-up with a clear message, like cxmaturity/settings.py.
"""

import gc
import os
import re

from gunicorn.glogging import Logger


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not an integer.") from None
    if value < 1:
        raise SystemExit(f"{name}={raw!r} must be at least 1.")
    return value


wsgi_app = "cxmaturity.wsgi:application"
# Loopback only: a TLS-terminating proxy in front publishes the site.
bind = f"127.0.0.1:{_env_int('PORT', 8000)}"
workers = _env_int("WEB_CONCURRENCY", 2)
# Load Django (and, through the URLconf, WeasyPrint and the parsed print
# stylesheet: see when_ready) once in the master; workers are forked with it
# already in memory, which saves both start-up time and RAM per worker.
preload_app = True
# A PDF render takes well under a second; anything near this is stuck.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
# WeasyPrint and pango keep caches that grow; recycling workers now and then
# bounds memory. The jitter keeps both workers from restarting together.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = 200
# Heartbeat files in memory, not on a possibly slow container disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Several servers (make serve, tests, benchmarks) may run on one machine; a
# shared default control socket path would make them trip over each other,
# and nothing here uses gunicornc.
control_socket_disable = True

# --- Logging ----------------------------------------------------------------
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Method, path (private tokens redacted by RedactingLogger), status, bytes,
# duration. Deliberately absent: the client IP and user agent (anonymous
# respondents are promised that neither is kept), the referrer and the raw
# request line / query string (they can carry a private link).
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'

# /a/<token>/... is a respondent's private assessment, /r/<token>/ a round's
# invite link: whoever holds the token holds the data, so it never reaches a
# log. Matches the tokens as the URLconfs accept them (20-86 URL-safe chars),
# also when percent-encoded inside a query string (?next=%2Fa%2F...).
TOKEN_IN_PATH = re.compile(r"(/|%2F)([ari])(/|%2F)[A-Za-z0-9_-]{20,86}(?=/|%2F|\?|#|\s|\"|$)", re.IGNORECASE)


def redact(text):
    """The text with every private token in an /a/ or /r/ path replaced by <token>."""
    if not isinstance(text, str):
        return text
    return TOKEN_IN_PATH.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}<token>", text)


class RedactingLogger(Logger):
    """Gunicorn's logger with private tokens removed from every access-log atom.

    Every atom is redacted, not only %(U)s, so that a format someone changes
    later (adding %(r)s, %(f)s, %({referer}i)s, ...) still cannot leak one.
    """

    def atoms(self, resp, req, environ, request_time):
        return {key: redact(value) for key, value in super().atoms(resp, req, environ, request_time).items()}


logger_class = RedactingLogger


def when_ready(server):
    """In the master, after the app is preloaded and before workers fork: warm up.

    Resolving the URLconf imports every view module, so assessments.pdf
    imports WeasyPrint here, once; parsing the print stylesheet for both page
    sizes fills its per-process cache, which the forked workers inherit.
    No database connection is opened (a connection must never cross a fork).
    """
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports the views)
    try:
        from assessments import pdf

        for size in pdf.PAGE_SIZES.values():
            pdf._stylesheet(size)
    except Exception as exc:  # the site can serve pages without the PDF warm-up
        server.log.warning("PDF warm-up skipped: %s", exc)
    connections.close_all()
    # Move everything loaded so far (Django, WeasyPrint, the app) out of the
    # garbage collector's reach: a full collection then walks only what a
    # request made, not the ~100k start-up objects (a PDF render triggers one
    # every few renders; frozen, it costs about a quarter as much), and the
    # workers' shared pages are not dirtied by the collector's bookkeeping.
    gc.freeze()
