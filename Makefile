# Set-up and everyday commands. Only Python 3.12+ and make are needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
DEV := DJANGO_DEBUG=1

.PHONY: install install-test run serve test test-postgres fuzz lint bench loadtest share-card python-check

python-check:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || { \
	  echo "Python 3.12 or newer is needed; '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing)." >&2; \
	  echo "Install it, or point make at one: make PYTHON=/path/to/python3.13 run" >&2; exit 1; }

$(VENV)/.installed: pyproject.toml | python-check
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=25.1"
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install --quiet --group test --group lint
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(DEV) $(PY) manage.py migrate --no-input -v 0
	$(DEV) $(PY) manage.py load_seeds --if-empty
	@echo "Serving on http://127.0.0.1:8000/ (Ctrl-C stops)."
	@echo "Curate at http://127.0.0.1:8000/admin/ after: DJANGO_DEBUG=1 $(PY) manage.py create_curator NAME"
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

# PYTEST_ARGS narrows a run, e.g. make test PYTEST_ARGS='-m browser' (as .ci/run does).
test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

# The whole suite but the browser tests, against a throwaway PostgreSQL
# (needs PostgreSQL's binaries: apt-get install postgresql), with a throwaway
# Redis as the shared page cache when redis-server is installed.
REDIS := $(if $(shell command -v redis-server),.ci/redis.sh,)
test-postgres: install-test
	HYPOTHESIS_PROFILE=second-engine .ci/postgres.sh $(REDIS) $(PY) -m pytest -m "not browser"

# Long property-based runs over every URL.
fuzz: install-test
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_fuzz.py

# Pages, exports and loading measured on generated corpora, on SQLite and
# (when PostgreSQL's binaries are installed) on PostgreSQL. Not part of `make test`.
bench: install-test
	$(DEV) $(PY) manage.py bench $(BENCH_ARGS)
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  .ci/postgres.sh env $(DEV) $(PY) manage.py bench $(BENCH_ARGS); \
	else echo "PostgreSQL is not installed (apt-get install postgresql): its figures are skipped."; fi

# 60 s of load on gunicorn while a curator saves edits, on a throwaway SQLite
# database and (when PostgreSQL is installed) a throwaway PostgreSQL.
LOADTEST_DB := /tmp/relations-loadtest.sqlite3
loadtest: install
	rm -f $(LOADTEST_DB) $(LOADTEST_DB)-wal $(LOADTEST_DB)-shm
	SQLITE_PATH=$(LOADTEST_DB) $(DEV) $(PY) manage.py migrate --no-input -v 0
	SQLITE_PATH=$(LOADTEST_DB) $(DEV) $(PY) manage.py load_seeds
	SQLITE_PATH=$(LOADTEST_DB) $(DEV) $(PY) manage.py loadtest $(LOADTEST_ARGS)
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  .ci/postgres.sh sh -c '$(DEV) $(PY) manage.py migrate --no-input -v 0 && $(DEV) $(PY) manage.py load_seeds && $(DEV) $(PY) manage.py loadtest $(LOADTEST_ARGS)'; \
	else echo "PostgreSQL is not installed (apt-get install postgresql): its figures are skipped."; fi

# Production mode on 127.0.0.1 with gunicorn (plain HTTP, see README).
serve: install
	$(PY) manage.py collectstatic --no-input -v 0
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_seeds --if-empty
	$(PY) -m gunicorn relations.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile -

# Draw static/relations/share-card.png again (the share preview) from the seeds' events.
share-card: install
	$(PIP) install --quiet --group assets
	$(DEV) $(PY) manage.py migrate --no-input -v 0
	$(DEV) $(PY) manage.py load_seeds --if-empty
	$(DEV) $(PY) manage.py share_card

lint: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
