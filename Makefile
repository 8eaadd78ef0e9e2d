# LOVP-besluitvolger: `make run` for the development server with demo data, `make test` for the tests.
# Both create .venv and install the project first; the install step runs again only when
# pyproject.toml changes (stamp file .venv/.installed).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Where `make test` expects its services; the same defaults as lovp/settings_test.py.
TEST_DATABASE_URL_DEFAULT := postgres://postgres@127.0.0.1:5432/lovp
TEST_REDIS_URL_DEFAULT := redis://127.0.0.1:6379/15

.PHONY: help install run test check-services browser lint demo clean

help:
	@echo "make run    start http://127.0.0.1:8000 with demo data (runserver + Celery worker + beat)"
	@echo "make test   run the test suite (needs PostgreSQL and Redis; Chromium for the browser tests)"
	@echo "make lint   ruff check"
	@echo "make demo   load the demo data again (load_demo --force)"
	@echo "make clean  remove .venv, var/ and db.sqlite3"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# xstatic-bootstrap only ships an sdist whose setup.py imports pkg_resources: it is built without
# build isolation against a setuptools that still has pkg_resources (<81).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --upgrade pip "setuptools<81" wheel
	$(BIN)/python -m pip install --no-build-isolation "xstatic-bootstrap>=5.3,<5.4"
	$(BIN)/python -m pip install --no-build-isolation -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: install
	DEBUG=1 bin/run-dev

demo: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo --force

# Debian's chromium for the Playwright tests (never a browser download). Best effort here: without
# it the browser tests are skipped (.ci/run sets REQUIRE_BROWSER=1, which makes them fail instead).
browser:
	@if [ -x /usr/bin/chromium ]; then \
		echo "Chromium: /usr/bin/chromium"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium with apt-get..."; \
		if DEBIAN_FRONTEND=noninteractive apt-get update -q \
			&& DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; then \
			echo "Chromium installed: /usr/bin/chromium"; \
		else \
			echo "WARNING: apt-get could not install chromium; the browser tests will be skipped."; \
		fi; \
	else \
		echo "WARNING: /usr/bin/chromium is missing and this is not root: the browser tests will be skipped."; \
		echo "         Install it with: sudo apt-get install chromium"; \
	fi

# PostgreSQL and Redis must answer before pytest starts; a clear message rather than 200 errors.
define CHECK_SERVICES
import os, sys
import psycopg, redis

db_url = os.environ.get("DATABASE_URL") or "$(TEST_DATABASE_URL_DEFAULT)"
broker_url = (os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL")
              or "$(TEST_REDIS_URL_DEFAULT)")
failed = False
try:
    # Django creates the test database from the maintenance database "postgres", so the database
    # named in the URL need not exist yet.
    try:
        psycopg.connect(db_url, dbname="postgres", connect_timeout=5).close()
    except psycopg.OperationalError:
        psycopg.connect(db_url, connect_timeout=5).close()
    print(f"PostgreSQL: reachable ({db_url})")
except Exception as error:
    failed = True
    print(f"ERROR: PostgreSQL is not reachable at {db_url}: {error}".strip(), file=sys.stderr)
    print("       Start it, or set DATABASE_URL to a PostgreSQL server the tests may use.", file=sys.stderr)
try:
    redis.Redis.from_url(broker_url, socket_connect_timeout=5, socket_timeout=5).ping()
    print(f"Redis: reachable ({broker_url})")
except Exception as error:
    failed = True
    print(f"ERROR: Redis is not reachable at {broker_url}: {error}", file=sys.stderr)
    print("       Start it, or set REDIS_URL / CELERY_BROKER_URL to a Redis the tests may use.", file=sys.stderr)
sys.exit(1 if failed else 0)
endef
export CHECK_SERVICES

check-services: install
	@$(BIN)/python -c "$$CHECK_SERVICES"

test: install browser check-services
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var db.sqlite3
