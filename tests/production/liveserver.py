"""A real server for production tests and benchmarks: gunicorn with gunicorn.conf.py on 127.0.0.1.

Everything here talks to 127.0.0.1 only. A server gets its own database:
a SQLite file in a temporary folder, or, when DATABASE_URL points at
PostgreSQL, a database `cx_load_<pid>_<n>` created on the same server and
dropped afterwards. The pytest-django test database cannot be shared: a
test's transaction is never committed, so another process would not see it.
"""

import html.parser
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
HOST = "127.0.0.1"
SERVER_SETTINGS = "tests.production.server_settings"
_counter = itertools.count(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "pgsql://"))


def base_env(database_url: str, **overrides) -> dict:
    """Production settings (debug off) with a throwaway key, for a server on 127.0.0.1."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("DJANGO_", "CX_", "GUNICORN_", "PYTEST_", "WEB_CONCURRENCY", "REDIS_URL", "DATABASE_URL", "EMAIL_URL")
        )
    }
    env.update(
        DJANGO_SETTINGS_MODULE=SERVER_SETTINGS,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="live-" + secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_HTTPS="0",
        DATABASE_URL=database_url,
        # Many simulated respondents start from 127.0.0.1 at once.
        CX_START_RATE_PER_HOUR="1000000",
        # Production settings require one; nothing a test server sends leaves the process.
        EMAIL_URL="memory://",
        # No collected static files unless a test collects them (static_root=...).
        CX_MANIFEST_STATIC="0",
        PYTHONUNBUFFERED="1",
    )
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def manage(*args, env: dict, timeout: float = 180) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if proc.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


class ServerDatabase:
    """A migrated database with the maturity model loaded, of the same kind as the test run's."""

    def __init__(self, test_database_url: str | None = None):
        self.test_url = test_database_url if test_database_url is not None else os.environ.get("DATABASE_URL", "")
        self.tmpdir = Path(tempfile.mkdtemp(prefix="cx-live-"))
        self.name = None
        if _is_postgres(self.test_url):
            self.name = f"cx_load_{os.getpid()}_{next(_counter)}"
            parts = urllib.parse.urlsplit(self.test_url)
            self.url = urllib.parse.urlunsplit(parts._replace(path="/" + self.name))
            self._admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}"')
        else:
            self.url = f"sqlite:///{self.tmpdir / 'live.sqlite3'}"
        env = base_env(self.url)
        manage("migrate", "--noinput", "-v0", env=env)
        manage("load_model", env=env)

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self._admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def query(self, code: str) -> object:
        """Run Python in a Django shell on this database; the code sets `out`, returned as JSON."""
        script = "import json\nout = None\n" + code + "\nprint('@@JSON@@' + json.dumps(out, default=str))\n"
        proc = manage("shell", "-c", script, env=base_env(self.url))
        return json.loads(proc.stdout.rsplit("@@JSON@@", 1)[1])

    def drop(self) -> None:
        if self.name:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.tmpdir, ignore_errors=True)


class ServerFailed(RuntimeError):
    pass


class Server:
    """gunicorn -c gunicorn.conf.py on a free 127.0.0.1 port, in its own process group."""

    def __init__(
        self, database_url: str, *, workers: int = 2, port: int | None = None, log_dir: Path | None = None, **env
    ):
        self.port = port or free_port()
        self.workers = workers
        self.env = base_env(database_url, **env)
        self.log_dir = Path(log_dir or tempfile.mkdtemp(prefix="cx-server-log-"))
        self.log_path = self.log_dir / f"gunicorn-{self.port}-{next(_counter)}.log"
        self.proc = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self, timeout: float = 60) -> "Server":
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [
                GUNICORN,
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(self.workers),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() takes master and workers at once
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerFailed(f"gunicorn exited with {self.proc.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=5) as response:
                    if response.status == 200:
                        return self
            except urllib.error.HTTPError as exc:
                if exc.code == 503:  # up, database unreachable: still "started"
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.kill()
        raise ServerFailed(f"gunicorn did not answer /healthz within {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the master and its workers at once: a crash, not a shutdown."""
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=10)
        self._close_log()

    def stop(self) -> None:
        """Graceful shutdown (SIGTERM), SIGKILL if it takes more than 15 s."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        # Workers may outlive a killed master by a moment; make sure none is left.
        if self.proc:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self._close_log()

    def _close_log(self):
        log = getattr(self, "_log", None)
        if log and not log.closed:
            log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# --- A scripted respondent -----------------------------------------------------


class _FormParser(html.parser.HTMLParser):
    """The POST form(s) of a page: their inputs (radios grouped by name) and submit buttons."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action"), "fields": {}, "radios": {}, "checked": {}, "buttons": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind == "radio":
                self._form["radios"].setdefault(a["name"], []).append(a.get("value", ""))
                if "checked" in a:
                    self._form["checked"][a["name"]] = a.get("value", "")
            elif kind in {"hidden", "text"}:
                self._form["fields"][a["name"]] = a.get("value", "")
        elif tag == "button" and a.get("name"):
            self._form["buttons"].append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def page_forms(body: str) -> list[dict]:
    parser = _FormParser()
    parser.feed(body)
    return parser.forms


class Page:
    def __init__(self, status: int, url: str, body: str):
        self.status, self.url, self.body = status, url, body

    @property
    def path(self) -> str:
        return urllib.parse.urlsplit(self.url).path

    def form(self, index: int = -1) -> dict:
        """The page's last POST form by default (the site header's logout form comes first)."""
        forms = page_forms(self.body)
        if not forms:
            raise AssertionError(f"no POST form on {self.path} ({self.status})")
        return forms[index]


class Respondent:
    """A browser without JavaScript: cookies, redirects, CSRF tokens from the forms."""

    def __init__(self, base_url: str, timeout: float = 60):
        self.base_url = base_url
        self.timeout = timeout
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.token = None
        self.chosen = {}  # field name (q_<code>) -> option id posted

    def request(self, path: str, data: dict | None = None) -> Page:
        body = None if data is None else urllib.parse.urlencode(data).encode()
        req = urllib.request.Request(self.base_url + path if path.startswith("/") else path, data=body)
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                return Page(response.status, response.url, response.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as exc:
            return Page(exc.code, exc.url, exc.read().decode("utf-8", "replace"))

    def get(self, path: str) -> Page:
        return self.request(path)

    def submit(self, page: Page, values: dict | None = None, *, button: str | None = None) -> Page:
        form = page.form()
        data = dict(form["fields"])
        data.update(values or {})
        if button is not None:
            data["action"] = button
        return self.request(form["action"] or page.url, data)

    def start(self) -> Page:
        home = self.get("/")
        assert home.status == 200, home.status
        about = self.submit(home)
        match = re.fullmatch(r"/a/([A-Za-z0-9_-]+)/about/", about.path)
        assert about.status == 200 and match, (about.status, about.path)
        self.token = match.group(1)
        return about

    def answer(self, page: Page, rng, *, not_sure: bool = False) -> Page:
        """Answer every question of a step page at random and press Next (or Finish)."""
        form = page.form()
        values = {}
        for name, options in form["radios"].items():
            choices = [o for o in options if not_sure or o != "not-sure"]
            values[name] = rng.choice(choices)
        self.chosen.update(values)
        buttons = [value for name, value in form["buttons"] if name == "action" and value != "back"]
        return self.submit(page, values, button=buttons[0])

    def complete(self, rng, *, about=None) -> Page:
        """From the home page to the results page."""
        page = self.start()
        page = self.submit(page, about or {"organisation_name": "Load Test Ltd", "respondent_role": "Tester"})
        for _ in range(50):
            if page.status != 200 or not re.fullmatch(r"/a/[^/]+/step/\d+/", page.path):
                break
            page = self.answer(page, rng)
        return page


# Keyed by the hash of each private link's token (all the database keeps): see answers_of().
ANSWERS_QUERY = """
from assessments.models import Assessment
out = {}
for a in Assessment.objects.prefetch_related("answers__question"):
    out[a.token_hash] = {
        "complete": a.completed_at is not None,
        "answers": {f"q_{x.question.code}": (str(x.option_id) if x.option_id else "not-sure") for x in a.answers.all()},
    }
"""


def answers_of(stored: dict, token: str) -> dict | None:
    """The row of ANSWERS_QUERY's result for the assessment behind this token."""
    from cxmaturity.tokens import token_hash

    return stored.get(token_hash(token))
