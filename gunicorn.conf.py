"""Gunicorn settings for `make serve` (and the production tests and benchmarks).

Command-line options override these. Values come from the environment and a
bad one stops start-up with a clear message, like cxmaturity/settings.py.
"""

import gc
import os
import sys

from gunicorn.glogging import Logger
from gunicorn.workers import gthread

# This folder, for cxmaturity.tokens below (gunicorn reads this file before it adds its chdir to the path).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


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
# Threads, not one request per process: a sync worker is held by a single
# connection until it sends a whole request, so two idle or half-open
# connections stalled both workers (and /healthz). A gthread worker parks idle
# connections in its poller and serves others meanwhile. WeasyPrint keeps its
# font configuration per thread (assessments/pdf.py).
worker_class = "gthread"
threads = _env_int("GUNICORN_THREADS", 16)
# A new connection holds a thread until its first bytes arrive, for up to this
# many seconds (gunicorn's default is 5), and then waits in the poller instead:
# a burst of idle connections then costs a moment, not the site.
gthread.DEFAULT_WORKER_DATA_TIMEOUT = 1.0
# An idle keep-alive connection is closed after this; the proxy in front keeps its own.
keepalive = 5
# Only the proxy in front (DJANGO_BEHIND_PROXY) may say a request came over HTTPS or
# from another address; gunicorn's default trusts X-Forwarded-* from 127.0.0.1, which
# let anything on this machine switch off the HTTPS redirect.
forwarded_allow_ips = (
    "127.0.0.1,::1" if os.environ.get("DJANGO_BEHIND_PROXY", "").strip().lower() in {"1", "true", "yes", "on"} else ""
)
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
# log; nor does a client's address. The pattern and its redaction are written
# once, in cxmaturity/tokens.py (also used by the URL converter and Django's logs).
from cxmaturity.logs import RedactPrivateTokens  # noqa: E402
from cxmaturity.tokens import redact  # noqa: E402  (tests and benchmarks use it from here)


class RedactingLogger(Logger):
    """Gunicorn's logger with private tokens and client addresses removed from every line.

    Every access-log atom is redacted, not only %(U)s, so that a format someone
    changes later (adding %(r)s, %(f)s, %({referer}i)s, ...) still cannot leak
    one; the error log ("Invalid request from ip=...", a bad request line with
    its token) goes through the same filter as Django's log lines.
    """

    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, RedactPrivateTokens) for f in self.error_log.filters):
            self.error_log.addFilter(RedactPrivateTokens())

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
