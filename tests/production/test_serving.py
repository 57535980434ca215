"""`make serve` and what it runs: gunicorn.conf.py, WhiteNoise, /healthz, access logs without tokens."""

import datetime
import logging
import os
import re
import runpy
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from .liveserver import ROOT, Respondent, base_env, free_port, manage

TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde"  # 43 chars, like secrets.token_urlsafe(32)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


# --- make serve ----------------------------------------------------------------


def make_serve(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MAKE", "MFLAGS"))}
    clean.update(env)
    return subprocess.run(
        ["make", "--no-print-directory", "serve", f"PORT={free_port()}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_make_serve_refuses_to_start_without_secret_key():
    proc = make_serve(DJANGO_ALLOWED_HOSTS="127.0.0.1")

    assert proc.returncode != 0
    assert "make serve needs DJANGO_SECRET_KEY" in proc.stderr
    assert "secrets.token_urlsafe(50)" in proc.stderr  # says how to make one
    assert "gunicorn" not in proc.stdout  # stopped before anything ran


def test_make_serve_refuses_to_start_without_allowed_hosts():
    proc = make_serve(DJANGO_SECRET_KEY="x" * 50)

    assert proc.returncode != 0
    assert "make serve needs DJANGO_ALLOWED_HOSTS" in proc.stderr


# --- The production server -----------------------------------------------------


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory, server_db):
    """collectstatic with the production storage (hashed names, .gz and .br beside each file)."""
    root = tmp_path_factory.mktemp("static")
    manage("collectstatic", "--noinput", "-v0", env=base_env(server_db.url, CX_STATIC_ROOT=root, CX_MANIFEST_STATIC=1))
    return root


@pytest.fixture
def production_server(server_factory, collected_static):
    return server_factory(CX_STATIC_ROOT=collected_static, CX_MANIFEST_STATIC=1)


def test_served_pages_use_hashed_compressed_immutable_static_files(production_server):
    status, headers, body = fetch(production_server.url("/"))
    assert status == 200
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', body.decode())
    assert any(a.endswith(".css") for a in assets)
    assert all(re.search(r"\.[0-9a-f]{12}\.\w+$", a) for a in assets), assets  # hashed names only

    css = next(a for a in assets if a.endswith(".css"))
    status, headers, gz = fetch(production_server.url(css), {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
    status, headers, raw = fetch(production_server.url(css))
    assert "Content-Encoding" not in headers and len(raw) > len(gz)


def test_master_preloads_django_and_weasyprint_before_forking(production_server):
    # preload_app + when_ready: pango/harfbuzz are mapped in the master, so each
    # forked worker shares them instead of importing WeasyPrint itself.
    maps = Path(f"/proc/{production_server.proc.pid}/maps").read_text()
    assert "libpango" in maps and "harfbuzz" in maps
    assert "PDF warm-up skipped" not in production_server.log()


def test_healthz_answers_200_with_database(production_server):
    status, _headers, body = fetch(production_server.url("/healthz"))

    assert (status, body) == (
        200,
        b"Database(alias='default'): OK\nCache(alias='default'): OK\nWorkerHeartbeat(): OK\n",
    )


def test_healthz_answers_503_when_database_unreachable(server_factory, tmp_path):
    # A SQLite file in a folder that does not exist cannot be opened: the
    # server starts (nothing touches the database before a request) but is unhealthy.
    server = server_factory(database_url=f"sqlite:///{tmp_path / 'missing-dir' / 'db.sqlite3'}")

    status, _, body = fetch(server.url("/healthz"))

    assert (status, body.decode().splitlines()[0::2]) == (
        503,
        [
            "Database(alias='default'): Unavailable: unable to open database file",
            "WorkerHeartbeat(): Unavailable: the database does not answer",
        ],
    )
    assert "Traceback" not in server.log()


def test_healthz_answers_503_when_postgres_unreachable(server_factory):
    server = server_factory(database_url=f"postgres://postgres@127.0.0.1:{free_port()}/nothing_listens_here")

    assert fetch(server.url("/healthz"))[0] == 503


@pytest.mark.django_db
def test_healthz_view_answers_503_when_the_database_fails(client):
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError("down")):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503


def test_access_log_never_records_private_tokens(production_server):
    person = Respondent(production_server.base_url)
    page = person.submit(person.start(), {"organisation_name": "Log Ltd"})
    person.get(f"/a/{person.token}/")
    person.get(f"/a/{person.token}/step/99/")  # 404: Django logs the path of 4xx responses
    person.request(
        f"/a/{person.token}/step/1/",
        {"csrfmiddlewaretoken": page.form()["fields"]["csrfmiddlewaretoken"], "q_nope": "1"},
    )
    person.get(f"/r/{TOKEN}/")
    person.get(f"/accounts/login/?next=/a/{person.token}/results/")

    log = production_server.log()
    assert person.token not in log
    assert TOKEN not in log
    # The requests are logged all the same, with the token replaced.
    assert '"GET /a/<token>/about/" 200' in log
    assert '"POST /a/<token>/about/" 302' in log
    assert '"GET /a/<token>/step/99/" 404' in log
    assert "Not Found: /a/<token>/step/99/" in log
    # No client IP or user agent either (anonymous respondents are promised neither is kept).
    assert "127.0.0.1 " not in log.replace("Listening at: http://127.0.0.1", "")
    assert "Python-urllib" not in log


# --- The redaction itself ------------------------------------------------------


@pytest.fixture(scope="module")
def gunicorn_conf():
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"/a/{TOKEN}/", "/a/<token>/"),
        (f"/a/{TOKEN}/step/3/", "/a/<token>/step/3/"),
        (f"/a/{TOKEN}/roadmap.pdf", "/a/<token>/roadmap.pdf"),
        (f"/a/{TOKEN}", "/a/<token>"),
        (f"/r/{TOKEN}/", "/r/<token>/"),
        (f"GET /a/{TOKEN}/results/?size=a4 HTTP/1.1", "GET /a/<token>/results/?size=a4 HTTP/1.1"),
        (f"/accounts/login/?next=%2Fa%2F{TOKEN}%2Fresults%2F", "/accounts/login/?next=%2Fa%2F<token>%2Fresults%2F"),
        (f"https://cx.example.com/a/{TOKEN}/step/1/", "https://cx.example.com/a/<token>/step/1/"),
        ("/static/css/app.9061adf6e544.css", "/static/css/app.9061adf6e544.css"),
        ("/consultant/rounds/12/", "/consultant/rounds/12/"),
        ("/a/short/", "/a/short/"),
    ],
)
def test_redact_replaces_tokens_in_private_paths_only(gunicorn_conf, text, expected):
    assert gunicorn_conf["redact"](text) == expected


def test_gunicorn_logger_redacts_every_atom_whatever_the_format(gunicorn_conf, tmp_path):
    from gunicorn.config import Config

    log_file = tmp_path / "access.log"
    cfg = Config()
    cfg.set("accesslog", str(log_file))
    # A careless future format: request line, query, referrer, a header, an environ value.
    cfg.set("access_log_format", "%(r)s|%(U)s|%(q)s|%(f)s|%({referer}i)s|%({raw_uri}e)s")
    logger = gunicorn_conf["RedactingLogger"](cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/a/{TOKEN}/results/?back=%2Fa%2F{TOKEN}%2F",
        "PATH_INFO": f"/a/{TOKEN}/results/",
        "QUERY_STRING": f"back=%2Fa%2F{TOKEN}%2F",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://cx.example.com/a/{TOKEN}/step/6/",
    }
    response = mock.Mock(status="200 OK", sent=10, headers=[("Content-Type", "text/html")])
    request = mock.Mock(headers=[("REFERER", environ["HTTP_REFERER"])])

    logger.access(response, request, environ, datetime.timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()

    line = log_file.read_text()
    assert TOKEN not in line
    assert line.count("<token>") == 8, line  # every occurrence, each atom


def test_gunicorn_conf_settings(gunicorn_conf):
    assert gunicorn_conf["preload_app"] is True
    assert gunicorn_conf["workers"] == int(os.environ.get("WEB_CONCURRENCY", 2))
    assert gunicorn_conf["bind"].startswith("127.0.0.1:")
    fmt = gunicorn_conf["access_log_format"]
    for leaky in ("%(r)s", "%(q)s", "%(f)s", "%(h)s", "%(a)s", "{referer}"):
        assert leaky not in fmt


def test_django_log_lines_are_redacted():
    # The handler configured by settings.LOGGING carries the filter; pytest's caplog
    # sits on the root logger beside it, so check the filter through that handler.
    from cxmaturity.logs import RedactPrivateTokens

    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (f"/a/{TOKEN}/x/",), None
    )
    assert RedactPrivateTokens().filter(record) is True
    assert record.getMessage() == "Not Found: /a/<token>/x/"
    console = [h for h in logging.getLogger().handlers if any(isinstance(f, RedactPrivateTokens) for f in h.filters)]
    assert console, "settings.LOGGING's console handler must carry the redaction filter"
