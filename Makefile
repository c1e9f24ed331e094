# Set-up and everyday commands. Only Python 3.12+ and make are needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
DEV := DJANGO_DEBUG=1

.PHONY: install install-test run test lint bench python-check

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

test: install-test
	$(PY) -m pytest

lint: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
