# The archive's entry points. `make run` serves it, `make test` proves it; both set up what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export ARCHIVE_DATA_DIR ?= var

.PHONY: install run serve test bench loadtest browser lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_articles fixtures/seeds
	$(BIN)/python manage.py rebuild_index
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production settings under gunicorn on 127.0.0.1:$(PORT), static files by whitenoise; behind a TLS
# proxy (README, "Deployment"). DJANGO_SECURE_SSL_REDIRECT=0 tries it over plain http.
serve: install
	PORT=$(PORT) bash scripts/serve.sh

# What the browser tests need: Debian's Chromium (Playwright's own browser download cannot work
# here) and axe-core from npm, pinned in tests/browser/package-lock.json.
browser:
	@bash scripts/ensure_browser.sh

# The whole suite on SQLite, then again on a throwaway PostgreSQL server (browser tests excluded:
# they prove pages, not the database). scripts/with_postgres.sh installs and starts the server.
test: install browser
	$(BIN)/python -m pytest
	@echo "== The suite against PostgreSQL =="
	@bash scripts/with_postgres.sh $(BIN)/python -m pytest -q -m "not browser"

bench: install
	$(BIN)/python -m bench

# 8 clients search 10,000 articles for 30 s under gunicorn (127.0.0.1) while an editor saves an
# article every second; `make test` runs a scaled-down version (tests/load/test_load.py).
loadtest: install
	bash scripts/loadtest.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var test-artifacts
