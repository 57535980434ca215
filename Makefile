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

.PHONY: install install-test system-libs system-test run serve test bench audit clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet ".[test]"
	touch $@

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

run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_model
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

serve: install
	@if [ -z "$$DJANGO_SECRET_KEY" ]; then echo "make serve needs DJANGO_SECRET_KEY (e.g. export DJANGO_SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'))"; exit 1; fi
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=0 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=0 $(PY) manage.py load_model
	DJANGO_DEBUG=0 $(VENV)/bin/gunicorn cxmaturity.wsgi --preload --bind 127.0.0.1:$(PORT) --workers $(WEB_CONCURRENCY) --access-logformat '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms' --access-logfile -

test: $(VENV)/.installed-test system-test
	$(PY) -m pytest

audit: $(VENV)/.installed-test
	$(VENV)/bin/pip-audit --strict --progress-spinner off

bench: $(VENV)/.installed-test system-test
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .hypothesis
