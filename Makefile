# secrelease: `make run` to use it, `make test` to check it. Both set up what they need first.
#
# Everything is installed into the checkout: .venv/ (from pyproject.toml) and node_modules/ (from
# package-lock.json). Stamp files make each step run again only when its input file changes.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
MANAGE := $(PY) manage.py
PORT ?= 8000
PYTEST_ARGS ?=
# `make run SKIP_HISTORY=1` starts on whatever the database holds, without reloading the history.
SKIP_HISTORY ?=
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

export PORT

.PHONY: help run setup install install-test assets migrate static pdf-packages system-packages test lint format clean

help:
	@echo "make run     set up, load the reference data and demo users, then start web + worker + beat"
	@echo "             on http://127.0.0.1:$(PORT)/ (PORT=...); DATABASE_URL / CELERY_BROKER_URL"
	@echo "             switch to PostgreSQL / Redis"
	@echo "make test    install the test tools, then ruff, Django checks, migrations check and pytest"
	@echo "             (PYTEST_ARGS=...); on PostgreSQL when DATABASE_URL is set"
	@echo "make lint    ruff check and ruff format --check only"
	@echo "make format  ruff format and ruff check --fix"
	@echo "make clean   remove .venv, node_modules and var/ (the SQLite database and the broker)"

# --- set-up -----------------------------------------------------------------------------------

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PIP) install -q -e ".[test]"
	touch $@ $(VENV)/.installed

# npm ci writes node_modules/.package-lock.json, so it reruns when the lock file changes. A
# node_modules that is a symlink (a git worktree sharing another checkout's) is left alone.
node_modules/.package-lock.json: package-lock.json package.json
	@if [ -L node_modules ]; then \
		echo "node_modules is a symlink: not running npm ci over another checkout's files"; \
	else \
		npm ci --no-audit --no-fund && touch $@; \
	fi

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
assets: node_modules/.package-lock.json

migrate: install
	$(MANAGE) migrate --noinput

# collectstatic compresses every file (a minute on two busy cores): only when a source changed.
STATIC_SOURCES := $(shell find static */static -type f 2>/dev/null)
var/.static-collected: $(VENV)/.installed node_modules/.package-lock.json $(STATIC_SOURCES)
	$(MANAGE) collectstatic --noinput -v 0
	touch $@

static: install assets var/.static-collected

setup: install assets pdf-packages migrate static

# --- run --------------------------------------------------------------------------------------

run: setup
ifeq ($(SKIP_HISTORY),)
	$(MANAGE) load_sec_history
endif
	$(MANAGE) create_demo_users
	bin/run

# --- test -------------------------------------------------------------------------------------

# Debian packages, installed only when missing: what WeasyPrint loads to render PDFs (Pango,
# HarfBuzz and its subsetter, fonts), needed by `make run` too (the reference data includes a
# rendered RID); and for the tests also Chromium (browser tests) and pdftotext (PDF text).
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

define install_missing_debian_packages
	@missing=$$(echo $(2)); \
	if command -v dpkg-query >/dev/null; then \
		for p in $(1); do \
			dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
		done; \
	fi; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi
endef

pdf-packages:
	$(call install_missing_debian_packages,$(PDF_PACKAGES),)

system-packages:
	$(call install_missing_debian_packages,$(PDF_PACKAGES),$$(command -v chromium >/dev/null || echo chromium) $$(command -v pdftotext >/dev/null || echo poppler-utils))

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install-test assets system-packages lint
	DJANGO_SETTINGS_MODULE=secrelease.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=secrelease.settings.test $(MANAGE) makemigrations --check --dry-run
	@# Temporary directories of our own: pytest prunes all but the newest three under /tmp, and
	@# another checkout's test run on this machine would delete ours mid-test.
	mkdir -p var/tmp
	PYTEST_DEBUG_TEMPROOT=$(CURDIR)/var/tmp $(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache test-artifacts *.egg-info
	@if [ -L node_modules ]; then echo "node_modules is a symlink: left alone"; else rm -rf node_modules; fi
