"""Lighthouse (mobile) scores for the landing page, a questionnaire step and the results page.

    .venv/bin/python benchmarks/lighthouse.py [--runs N] [--out DIR]

Offline and bounded: a scratch SQLite database in a temporary folder, gunicorn
with debug off on 127.0.0.1 (like production: collected, hashed, compressed
static files served by WhiteNoise), and the Lighthouse CLI pinned in
tools/lighthouse/ driving Debian's /usr/bin/chromium. No other host is
contacted. Prints the category scores per page against the targets
(accessibility 100, best practices >= 95, performance >= 90), every failing
audit, and the results page's total transfer size against 500 KiB; exits 1 if
any target is missed, 2 if the measurement itself could not be made.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL_DIR = ROOT / "tools" / "lighthouse"
LIGHTHOUSE = TOOL_DIR / "node_modules" / ".bin" / "lighthouse"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
CHROME = "/usr/bin/chromium"
HOST = "127.0.0.1"

CATEGORIES = ("performance", "accessibility", "best-practices")
# Minimum score (x100) per category.
TARGETS = {"performance": 90, "accessibility": 100, "best-practices": 95}
BYTE_WEIGHT_TARGET = 500 * 1024  # the results page's total transfer size, bytes (Lighthouse reports KiB)
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run --disable-sync"
)
LIGHTHOUSE_TIMEOUT = 240  # seconds for one Lighthouse run
# Audits that are never a "failure" whatever their score.
NOT_SCORED = {"informative", "notApplicable", "manual"}

# A realistic respondent: level per dimension (in questionnaire order), varied a
# little per question; the organisation lands around stage 2-3 with a capped
# dimension, so the results page carries a full roadmap.
LEVELS_BY_DIMENSION = [
    [3, 3, 2, 3, 4],
    [2, 2, 3, 2, 2],
    [3, 4, 3, 3, 3],
    [2, 1, 2, 2, 1],
    [4, 3, 4, 3, 4],
    [3, 2, 3, 3, 2],
]

# Run in a subprocess with the scratch database: one completed assessment for
# the results page, one in progress (step 1 answered) for a questionnaire step.
SEED = """
import json, django
django.setup()
from assessments import services
levels = json.loads(%r)
steps = services.questionnaire_steps()

def choices(step_list):
    out = {}
    for d, step in enumerate(step_list):
        row = levels[d %% len(levels)]
        for i, q in enumerate(step.questions):
            out[q] = q.options.get(level=row[i %% len(row)])
    return out

done = services.assessment_start(organisation_name="Acme Ltd", respondent_role="Head of Customer Experience")
services.answers_save(assessment=done, choices=choices(steps))
services.assessment_complete(assessment=done)
open_ = services.assessment_start(organisation_name="Acme Ltd", respondent_role="Operations Director")
services.answers_save(assessment=open_, choices=choices(steps[:1]))
print(json.dumps({"completed": done.token, "in_progress": open_.token, "steps": len(steps)}))
"""


class Failure(Exception):
    """The measurement could not be made (not a missed target)."""


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def run(cmd, *, env=None, cwd=ROOT, timeout=600, capture=True) -> str:
    proc = subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=env,
        timeout=timeout,
        text=True,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.PIPE if capture else None,
    )
    if proc.returncode != 0:
        detail = ((proc.stderr or "") + (proc.stdout or "")).strip()[-3000:] if capture else ""
        raise Failure(f"{' '.join(map(str, cmd[:4]))} ... exited {proc.returncode}\n{detail}")
    return proc.stdout or ""


def ensure_lighthouse() -> None:
    if not (TOOL_DIR / "node_modules").is_dir() or not LIGHTHOUSE.exists():
        log("npm ci in tools/lighthouse ...")
        # --ignore-scripts: nothing in the tree needs an install script, and no browser is ever downloaded.
        run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=TOOL_DIR, timeout=600)
    if not Path(CHROME).exists():
        raise Failure(f"{CHROME} is missing: apt-get install -y chromium (a downloaded browser is not used)")


def app_env(tmp: Path) -> dict:
    """Production settings (debug off) on the scratch database; nothing inherited that could change them."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("DJANGO_", "CX_", "GUNICORN_", "WEB_CONCURRENCY", "REDIS_URL", "DATABASE_URL", "PORT", "EMAIL_URL")
        )
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cxmaturity.settings",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_HTTPS="0",
        # As `make serve`: one cache shared by the workers (rate limit, PDFs).
        DJANGO_CACHE_DIR=str(tmp / "cache"),
        # Production settings require one; nothing here sends mail.
        EMAIL_URL="memory://",
    )
    return env


def prepare(env: dict) -> dict:
    log("migrate, load_model, seed, collectstatic ...")
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env=env)
    run([PYTHON, "manage.py", "load_model"], env=env)
    out = run([PYTHON, "-c", SEED % json.dumps(LEVELS_BY_DIMENSION)], env=env)
    seeded = json.loads(out.strip().splitlines()[-1])
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env=env)
    return seeded


def start_server(env: dict, port: int, log_path: Path) -> subprocess.Popen:
    cmd = [GUNICORN, "cxmaturity.wsgi", "--bind", f"{HOST}:{port}", "--workers", "2"]
    with open(log_path, "wb") as fh:
        proc = subprocess.Popen(
            [str(c) for c in cmd], cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Failure(f"gunicorn exited {proc.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return proc
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    stop_server(proc)
    raise Failure(f"gunicorn did not answer on {HOST}:{port} within 60 s:\n{log_path.read_text()[-3000:]}")


def stop_server(proc) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)  # the master stops its workers gracefully
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: the master and its workers only
        proc.wait(timeout=10)


def check_page(url: str) -> None:
    """The page answers 200 directly (no redirect): Lighthouse must measure the page meant."""
    req = urllib.request.Request(url, method="GET")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=10) as resp:
            status = resp.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    if status != 200:
        raise Failure(f"{url} answered {status}, not 200")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def lighthouse(url: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROME)
    cmd = [
        LIGHTHOUSE,
        url,
        "--output=json",
        f"--output-path={out}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--form-factor=mobile",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    run(cmd, env=env, cwd=TOOL_DIR, timeout=LIGHTHOUSE_TIMEOUT)
    report = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise Failure(f"Lighthouse on {url}: {report['runtimeError']}")
    for cat in CATEGORIES:
        if report["categories"][cat]["score"] is None:
            raise Failure(f"Lighthouse on {url}: no {cat} score (see {out})")
    return report


def scores(report: dict) -> dict:
    return {cat: round(report["categories"][cat]["score"] * 100) for cat in CATEGORIES}


def median_run(reports: list) -> dict:
    """The run whose performance score is the median (Lighthouse's own advice: judge the median of several)."""
    ordered = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])
    return ordered[(len(ordered) - 1) // 2]


def failing_audits(report: dict) -> list:
    ids = {ref["id"] for cat in CATEGORIES for ref in report["categories"][cat]["auditRefs"]}
    failing = []
    for audit_id in sorted(ids):
        audit = report["audits"][audit_id]
        mode = audit.get("scoreDisplayMode")
        if mode in NOT_SCORED:
            continue
        if mode == "error" or audit.get("score") is None:
            failing.append((audit_id, f"{audit['title']} [error: {audit.get('errorMessage', '?')}]", ""))
        elif audit["score"] < 1:
            failing.append((audit_id, audit["title"], audit.get("displayValue", "")))
    return failing


def _interrupt(signum, frame):
    raise KeyboardInterrupt()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="Lighthouse runs per page; the median performance run is reported (default 3)",
    )
    parser.add_argument(
        "--out", type=Path, help="keep the JSON reports in this folder (default: a temporary one, removed)"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    # A SIGTERM (e.g. a CI time limit) unwinds like Ctrl-C, so gunicorn is always stopped.
    signal.signal(signal.SIGTERM, _interrupt)
    tmp = Path(tempfile.mkdtemp(prefix="cx-lighthouse-"))
    out_dir = args.out or tmp / "reports"
    out_dir.mkdir(parents=True, exist_ok=True)
    server = None
    try:
        ensure_lighthouse()
        env = app_env(tmp)
        seeded = prepare(env)
        port = free_port()
        server = start_server(env, port, tmp / "gunicorn.log")
        base = f"http://{HOST}:{port}"
        pages = {
            "landing /": f"{base}/",
            f"step 2 of {seeded['steps']}": f"{base}/a/{seeded['in_progress']}/step/2/",
            "results": f"{base}/a/{seeded['completed']}/results/",
        }
        reports = {}
        for n, (name, url) in enumerate(pages.items()):
            check_page(url)
            runs = []
            for i in range(args.runs):
                log(f"lighthouse {name} (run {i + 1}/{args.runs}) ...")
                runs.append(lighthouse(url, out_dir / f"{n}-{name.split()[0]}-{i + 1}.json"))
            reports[name] = (median_run(runs), [scores(r)["performance"] for r in runs])
    except Failure as exc:
        log(f"lighthouse benchmark could not run: {exc}")
        return 2
    finally:
        stop_server(server)
        shutil.rmtree(tmp, ignore_errors=True)  # the database, cache and (without --out) the reports

    missed = []
    width = max(len(name) for name in reports)
    head = f"{'page':<{width}}  " + "  ".join(f"{c:>14}" for c in CATEGORIES)
    print(
        f"Lighthouse {reports[next(iter(reports))][0]['lighthouseVersion']}, mobile, median of {args.runs} run(s) by performance"
    )
    print(head)
    print(
        f"{'target':<{width}}  "
        + "  ".join(f"{('= ' if TARGETS[c] == 100 else '>= ') + str(TARGETS[c]):>14}" for c in CATEGORIES)
    )
    for name, (report, perf_runs) in reports.items():
        s = scores(report)
        cells = []
        for c in CATEGORIES:
            ok = s[c] >= TARGETS[c]
            if not ok:
                missed.append(f"{name}: {c} {s[c]} < {TARGETS[c]}")
            cells.append(f"{s[c]:>12}{'  ' if ok else ' ✗'}")
        extra = f"   (performance runs: {', '.join(map(str, perf_runs))})" if len(perf_runs) > 1 else ""
        print(f"{name:<{width}}  " + "  ".join(cells) + extra)

    results_report = reports["results"][0]
    weight = results_report["audits"]["total-byte-weight"]["numericValue"]
    ok = weight <= BYTE_WEIGHT_TARGET
    if not ok:
        missed.append(f"results: total byte weight {weight / 1024:.0f} KiB > {BYTE_WEIGHT_TARGET // 1024} KiB")
    print(
        f"\nresults page total transfer size (total-byte-weight): {weight / 1024:.0f} KiB "
        f"(target <= {BYTE_WEIGHT_TARGET // 1024} KiB) {'ok' if ok else 'MISSED'}"
    )
    for item in results_report["audits"]["total-byte-weight"].get("details", {}).get("items", [])[:5]:
        print(f"  {item['totalBytes'] / 1024:8.0f} KiB  {item['url'].replace(base, '')}")

    for name, (report, _) in reports.items():
        failing = failing_audits(report)
        print(f"\nfailing audits, {name}: {len(failing) or 'none'}")
        for audit_id, title, value in failing:
            print(f"  {audit_id}: {title}" + (f" — {value}" if value else ""))

    if missed:
        print("\nMISSED: " + "; ".join(missed))
        return 1
    print("\nall targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
