# Two commands on a fresh machine:  make run  (portal on http://127.0.0.1:8000)  and  make test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
MANAGE := DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py

# Django 6.1 needs Python >= 3.12: take the first suitable interpreter found.
find_python = for p in $$PYTHON python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python $$HOME/.pyenv/versions/3.12*/bin/python /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do \
	  [ -n "$$p" ] && command -v "$$p" >/dev/null 2>&1 && "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v "$$p"; break; }; \
	done

.PHONY: help run test browser-deps synth-national bench test-sqlite test-postgres lint format check-migrations fixtures seed clean

help:
	@echo "make run    — set up (first time), load the five plans and demo accounts, serve http://127.0.0.1:8000"
	@echo "make test   — set up (first time) and run the whole test suite on SQLite and PostgreSQL"

$(VENV)/.installed: pyproject.toml
	@py=$$($(find_python)); \
	if [ -z "$$py" ]; then \
	  echo "错误：未找到 Python 3.12 或更高版本（Django 6.1 需要）。请安装 Python ≥ 3.12（如 pyenv install 3.12），或用 make PYTHON=/path/to/python3.12 指定。" >&2; \
	  echo "error: no Python >= 3.12 found (Django 6.1 needs it); install one or pass PYTHON=/path/to/python3.12" >&2; \
	  exit 1; \
	fi; \
	if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then rm -rf $(VENV); fi; \
	[ -x $(PY) ] || { echo "Using $$py ($$($$py --version))"; "$$py" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt
	@touch $@

run: $(VENV)/.installed
	$(MANAGE) migrate --noinput
	$(MANAGE) load_seed
	$(MANAGE) runserver 127.0.0.1:8000

# Real-browser tests drive Debian's chromium through Playwright (no browser download is possible here).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian chromium for the browser tests…"; \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	  else sudo -n true 2>/dev/null && (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); fi; \
	fi
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$CI" = "true" ]; then echo "FAIL: /usr/bin/chromium could not be installed (needed for browser tests in CI)" >&2; exit 1; fi; \
	  echo "WARNING: no /usr/bin/chromium; browser tests will be skipped (CI installs it and fails without it)" >&2; \
	fi

test: $(VENV)/.installed browser-deps
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(VENV)/.installed
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(PY) -m pytest -q $(PYTEST_ARGS)

# Locally an unreachable PostgreSQL is reported and skipped; with CI=true it fails the run.
test-postgres: $(VENV)/.installed
	@echo "== tests on PostgreSQL ($(PG_URL)) =="
	@if ! DATABASE_URL='$(PG_URL)' $(PY) -c 'import psycopg2, os; psycopg2.connect(os.environ["DATABASE_URL"], connect_timeout=5).close()' 2>/dev/null; then \
	  if [ "$$CI" = "true" ]; then echo "FAIL: PostgreSQL at $(PG_URL) is unreachable (required in CI)" >&2; exit 1; fi; \
	  echo "WARNING: PostgreSQL at $(PG_URL) is unreachable; PostgreSQL run NOT done (CI would fail)" >&2; exit 0; \
	fi
	DATABASE_URL='$(PG_URL)' $(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

check-migrations: $(VENV)/.installed
	$(MANAGE) makemigrations --check --dry-run

fixtures: $(VENV)/.installed
	$(MANAGE) regenerate_fixtures

# Performance: a clearly marked synthetic national dataset in its own database, then the benchmark.
NATIONAL_DB ?= sqlite:////tmp/national.sqlite3
synth-national: $(VENV)/.installed
	DATABASE_URL='$(NATIONAL_DB)' $(MANAGE) migrate --noinput
	DATABASE_URL='$(NATIONAL_DB)' $(MANAGE) load_divisions
	DATABASE_URL='$(NATIONAL_DB)' $(MANAGE) synth_national --divisions

bench: $(VENV)/.installed
	DATABASE_URL='$(NATIONAL_DB)' $(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
