# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= $(or $(NEWSARCHIVE_DATA_DIR),var)
HOST ?= 127.0.0.1
PORT ?= 8000
export NEWSARCHIVE_DATA_DIR := $(abspath $(DATA_DIR))

.PHONY: run serve bench test install install-dev lint serve-check browser axe clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## make run: set up everything and serve the demo archive on SQLite + Whoosh.
run: install
	mkdir -p "$(NEWSARCHIVE_DATA_DIR)"
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py update_index --remove --verbosity 0
	@echo
	@echo "  The archive is at http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/ — create an account with:"
	@echo "    NEWSARCHIVE_DATA_DIR=$(NEWSARCHIVE_DATA_DIR) $(BIN)/python manage.py createsuperuser"
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make serve: the production configuration on this machine: gunicorn, WhiteNoise,
## DEBUG off. Plain HTTP on $(HOST):$(PORT) (NEWSARCHIVE_LOCAL_HTTP=1, set only here
## and by the benchmark); a secret key is generated into the data directory once.
serve: install
	$(BIN)/python -m newsarchive.serve --host $(HOST) --port $(PORT)

## make bench SIZE=100000: load a synthetic archive, index it, serve it with gunicorn,
## measure (see bench/run.py). Its data directory is var/bench-<size>-seed1/.
SIZE ?= 10000
DURATION ?= 60
bench: install
	$(BIN)/python bench/run.py --size $(SIZE) --duration $(DURATION)

# Debian's Chromium drives the browser tests (Playwright's own download cannot run here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

# axe-core, which the accessibility tests inject into pages; pinned by package-lock.json.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

axe: node_modules/axe-core/axe.min.js

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/newsarchive

## make test: install what the tests need and run the whole suite, on SQLite
## and, when the PostgreSQL server of these machines answers, on PostgreSQL too.
test: install-dev browser axe lint
	env -u NEWSARCHIVE_DATA_DIR -u DATABASE_URL $(BIN)/python -m pytest
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(POSTGRES_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== the same suite on PostgreSQL ($(POSTGRES_URL)) =="; \
	  env -u NEWSARCHIVE_DATA_DIR DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest -m "not browser"; \
	else \
	  echo "!! PostgreSQL at $(POSTGRES_URL) did not answer: the PostgreSQL run was SKIPPED."; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache node_modules
