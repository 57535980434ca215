# CX Maturity — `make run` to use it, `make test` to test it.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WEB_CONCURRENCY ?= 2
export DATABASE_URL

SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
TEST_SYSTEM := chromium

.PHONY: install install-test system-libs system-test run worker serve test test-fast lint check mutate bench audit lock clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# constraints.txt pins the whole dependency tree (see `make lock`).
$(VENV)/.installed: pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet -c constraints.txt .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -c constraints.txt ".[test]"
	touch $@

# Re-resolve the dependency tree from pyproject.toml in a scratch venv and pin it.
lock:
	@tmp=$$(mktemp -d); \
	$(PYTHON) -m venv "$$tmp/venv" && "$$tmp/venv/bin/python" -m pip install --quiet ".[test]" && \
	{ sed -n '/^#/p' constraints.txt; "$$tmp/venv/bin/python" -m pip freeze --exclude-editable | grep -v '^cxmaturity'; } > constraints.txt.new && \
	mv constraints.txt.new constraints.txt; status=$$?; rm -rf "$$tmp"; exit $$status

install: $(VENV)/.installed system-libs

# WeasyPrint needs pango from Debian. As root we install it; otherwise we say how.
system-libs:
	@if ! /sbin/ldconfig -p | grep -q libpangoft2-1.0.so.0 || ! /sbin/ldconfig -p | grep -q libharfbuzz-subset.so.0; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_LIBS)) >/dev/null; \
	  else \
	    echo "WeasyPrint needs system libraries: run  sudo apt-get install -y $(SYSTEM_LIBS)"; exit 1; \
	  fi; \
	fi

# Browser tests drive Debian's chromium (never a downloaded browser).
system-test: system-libs
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_SYSTEM)) >/dev/null; \
	  else \
	    echo "Browser tests need Debian's chromium: run  sudo apt-get install -y $(TEST_SYSTEM)"; exit 1; \
	  fi; \
	fi

# The development server with the background worker beside it (e-mail, reminders,
# PDF pre-renders); both stop together. Mail goes to files in .local/mail/
# unless EMAIL_URL says otherwise. The two processes share a file cache so the
# worker's pre-rendered PDFs are the ones the server hands out.
run: export DJANGO_DEBUG = 1
run: export DJANGO_CACHE_DIR ?= $(CURDIR)/.local/cache
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_model
	@$(PY) manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debug off, the settings require EMAIL_URL (no message may land in a log by
# accident); `make serve` and `make worker` write mail as files into .local/mail/
# when it is not set, and say so.
MAIL_FILES := file:///.local/mail
MAIL_NOTICE = if [ "$$EMAIL_URL" = "$(MAIL_FILES)" ]; then echo "make $@: e-mail is written as files into .local/mail/ (set EMAIL_URL to send it: docs/email.md)" >&2; fi

# The background worker on its own, for production (see README: systemd unit).
# Same environment as `make serve` (DATABASE_URL, EMAIL_URL, DJANGO_SECRET_KEY, ...).
worker: export DJANGO_CACHE_DIR ?= $(CURDIR)/.local/cache
worker: export EMAIL_URL ?= $(MAIL_FILES)
worker: install
	@$(MAIL_NOTICE)
	exec $(PY) manage.py run_worker

# Production-like: gunicorn (gunicorn.conf.py) on 127.0.0.1:$(PORT), debug off,
# WhiteNoise serving the collected, hashed and compressed static files.
# The settings refuse to start without a secret key or allowed hosts; saying so
# here first spares a traceback (and an install) for a missing variable.
serve: export DJANGO_DEBUG = 0
serve: export PORT := $(PORT)
serve: export WEB_CONCURRENCY := $(WEB_CONCURRENCY)
# Without Redis, share one file cache between the workers: the start rate
# limit and the cached PDFs must not be per worker.
serve: export DJANGO_CACHE_DIR ?= $(CURDIR)/.local/cache
serve: export EMAIL_URL ?= $(MAIL_FILES)
serve:
	@if [ -z "$$DJANGO_SECRET_KEY" ]; then echo "make serve needs DJANGO_SECRET_KEY, e.g.: export DJANGO_SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" >&2; exit 1; fi
	@if [ -z "$$DJANGO_ALLOWED_HOSTS" ]; then echo "make serve needs DJANGO_ALLOWED_HOSTS, the host name(s) the site answers to, e.g.: export DJANGO_ALLOWED_HOSTS=cx.example.com (127.0.0.1 to try it locally)" >&2; exit 1; fi
	@$(MAKE) --no-print-directory install
	@$(MAIL_NOTICE)
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_model
	exec $(VENV)/bin/gunicorn -c gunicorn.conf.py

test: $(VENV)/.installed-test system-test
	$(PY) -m pytest

# The inner loop: everything except the tests that start a server or a browser
# (markers in pyproject.toml). `make test` still runs every test.
# Everything but the browser and real-server tests, on both cores (pytest-xdist: each worker
# its own test database). `make test` (CI) runs every test, one at a time.
test-fast: $(VENV)/.installed-test system-libs
	$(PY) -m pytest -m "not browser and not server" -n 2

# ruff (lint + format check) and mypy (the pure core), configured in pyproject.toml.
lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Django's deployment checklist under production-like settings (debug off, a
# throwaway secret, HTTPS defaults), then: no model change without its migration.
check: export DJANGO_DEBUG = 0
check: export DJANGO_ALLOWED_HOSTS = cx.example.com
check: export EMAIL_URL ?= $(MAIL_FILES)
check: $(VENV)/.installed-test
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Mutation testing of the pure core (mutmut, configured in pyproject.toml; not
# in CI: it takes a while). Results: docs/mutation.md.
mutate: $(VENV)/.installed-test
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children 2 || true
	$(VENV)/bin/mutmut results | grep -v "not checked" || true
	$(PY) tools/mutation_score.py

# pip-audit over the lock (constraints.txt: every package, pinned, exactly as
# installed; nothing is installed to audit it): fails on any known
# vulnerability, and also when a package could not be checked (the
# vulnerability service - PyPI's per-release JSON API - unreachable or not
# knowing the release): an audit that checked nothing must not look green.
# AUDIT_OFFLINE_OK=1 turns only that second case into a loud warning.
audit: $(VENV)/.installed-test
	@out=$$(mktemp); \
	$(VENV)/bin/pip-audit --progress-spinner off --disable-pip --no-deps -r constraints.txt >"$$out" 2>&1; status=$$?; cat "$$out"; \
	skipped=$$(grep -c "could not be audited" "$$out"); rm -f "$$out"; \
	if [ $$status -ne 0 ]; then echo "make audit: known vulnerabilities (or an audit error) above: update the pins in pyproject.toml, then make lock." >&2; exit 1; fi; \
	if [ "$$skipped" -gt 0 ]; then \
	  if [ "$(AUDIT_OFFLINE_OK)" = 1 ]; then echo "make audit: WARNING: $$skipped package(s) NOT audited (vulnerability service unreachable?); passing because AUDIT_OFFLINE_OK=1." >&2; \
	  else echo "make audit: $$skipped package(s) could not be audited (vulnerability service unreachable?); nothing vulnerable was found, but this is not a clean audit. AUDIT_OFFLINE_OK=1 to accept." >&2; exit 1; fi; \
	fi

# Figures for the README: throughput (wrk from Debian when there is one, else
# a Python load generator), step latency, PDF timings, page weight. Everything
# runs against a gunicorn it starts itself on 127.0.0.1, bounded in time.
bench: $(VENV)/.installed-test system-libs
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null || echo "wrk not installed: using the Python load generator"; \
	  else \
	    echo "wrk not found (sudo apt-get install -y wrk for steadier figures): using the Python load generator"; \
	  fi; \
	fi
	$(PY) benchmarks/run.py $(BENCH_ARGS)
	# Placing an organisation and building its roadmap (pure Python): under 5 ms a build.
	$(PY) benchmarks/roadmap.py
	# Peer comparison at scale: 100,000 counted results on PostgreSQL (DATABASE_URL, else the local server).
	$(PY) benchmarks/peer_comparison.py $(PEERS_BENCH_ARGS)
	# The team report of a round of 500 respondents: page, PDF, XLSX, PPTX.
	$(PY) benchmarks/team.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .hypothesis
