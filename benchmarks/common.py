"""Shared set-up for the benchmarks: a Django process on a throwaway database, or a real gunicorn server.

Production settings (debug off) throughout; the database is a temporary
SQLite file unless DATABASE_URL points at PostgreSQL, in which case a
`cx_load_<pid>_<n>` database is created beside it and dropped at the end.
Every server listens on 127.0.0.1 only.
"""

import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.factories import REALISTIC_LEVELS, realistic_assessment  # noqa: E402,F401
from tests.production.liveserver import Respondent, Server, ServerDatabase, base_env, manage  # noqa: E402


def median_ms(samples) -> float:
    return statistics.median(samples) * 1000


def timed(fn, n: int, warmup: int = 1, clock=time.perf_counter) -> list[float]:
    """n timings of fn() in seconds, after `warmup` untimed calls.

    clock=time.process_time measures this process's CPU time instead of wall
    time: on a shared machine (CI, other test runs) wall time includes waiting
    for a core, CPU time is what the work itself costs.
    """
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        start = clock()
        fn()
        out.append(clock() - start)
    return out


def setup_django() -> Path:
    """Configure Django in this process with production settings on a fresh SQLite file, migrated and loaded."""
    tmp = Path(tempfile.mkdtemp(prefix="cx-bench-"))
    env = base_env(f"sqlite:///{tmp / 'bench.sqlite3'}", DJANGO_CACHE_DIR="")
    os.environ.update(env)
    os.environ.pop("DJANGO_CACHE_DIR", None)  # per-process memory cache: pdf.py times the renderer, not a disk
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_model", verbosity=0)
    return tmp


def realistic_choice(rng):
    """For a Respondent: pick answers the way REALISTIC_LEVELS does, by option position (level order)."""

    def choose(options):
        scored = [o for o in options if o != "not-sure"]
        return scored[min(len(scored) - 1, rng.choice([0, 1, 1, 1, 2]))]

    return choose


@contextlib.contextmanager
def production_server(workers: int = 2, *, static: bool = True, log_dir=None):
    """gunicorn as `make serve` runs it (gunicorn.conf.py, collected static files, shared file cache)."""
    database = ServerDatabase()
    tmp = Path(tempfile.mkdtemp(prefix="cx-bench-srv-"))
    extra = {"DJANGO_CACHE_DIR": tmp / "cache"}
    if static:
        extra.update(CX_STATIC_ROOT=tmp / "static", CX_MANIFEST_STATIC="1")
        manage("collectstatic", "--noinput", "-v0", env=base_env(database.url, **extra))
    server = Server(database.url, workers=workers, log_dir=log_dir or tmp, **extra)
    try:
        server.start()
        yield server, database
    finally:
        server.stop()
        database.drop()


def complete_over_http(server, seed: int = 1) -> Respondent:
    """A respondent who goes through the whole questionnaire on the server; returns it with .token set."""
    rng = random.Random(seed)
    person = Respondent(server.base_url)
    page = person.submit(
        person.start(), {"organisation_name": "Northwind Traders Ltd", "respondent_role": "Head of CX"}
    )
    choose = realistic_choice(rng)
    while page.status == 200 and "/step/" in page.path:
        form = page.form()
        values = {name: choose(options) for name, options in form["radios"].items()}
        button = next(v for n, v in form["buttons"] if n == "action" and v != "back")
        page = person.submit(page, values, button=button)
    assert page.path.endswith("/results/"), (page.status, page.path)
    return person
