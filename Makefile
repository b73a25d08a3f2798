# Every target sets itself up on a fresh machine: the virtual environment, the Python packages
# and the compiled translations are made when missing or out of date.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres e2e faults fuzz lint typecheck messages makemessages bench bench-load check-python

run: $(STAMP) messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py demo_logins --url http://$(HOST):$(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP) messages
	$(BIN)/pytest -m "not e2e and not faults and not fuzz" $(PYTEST_ARGS)

# The same suite against PostgreSQL (DATABASE_URL defaults to the local server).
test-postgres: $(STAMP) messages
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/fos} $(BIN)/pytest -m "not e2e and not faults and not fuzz" $(PYTEST_ARGS)

# Browser tests: Debian's Chromium, driven by Playwright for Python.
e2e: $(STAMP) messages
	@command -v chromium >/dev/null || { \
		echo "Installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "Run: sudo apt-get install chromium" && exit 1; fi; }
	$(BIN)/pytest -m e2e -p no:randomly $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy .

# Fault tests: each starts its own gunicorn and PostgreSQL database on 127.0.0.1 (tests/faults/).
faults: $(STAMP) messages
	$(BIN)/pytest -m faults -p no:randomly tests/faults $(PYTEST_ARGS)

# Schemathesis against docs/api/openapi.yaml, every operation, signed in as a member, in-process
# (tests/fuzz/). FUZZ_EXAMPLES examples per operation (25); about 40 s on two cores, 10 min at most.
fuzz: $(STAMP) messages
	timeout 600 $(BIN)/pytest -m fuzz -p no:randomly tests/fuzz $(PYTEST_ARGS)

bench: $(STAMP) messages
	$(BIN)/python bench/registry_import.py
	$(MAKE) --no-print-directory bench-load

# The member pages and the submission under load, against floor views (bench/RESULTS.md, "Load").
bench-load: $(STAMP) messages
	@command -v wrk >/dev/null || { \
		echo "Installing Debian's wrk for the load benchmark"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else echo "Run: sudo apt-get install wrk" && exit 1; fi; }
	$(BIN)/python bench/load.py $(BENCH_ARGS)

messages: $(STAMP)
	@$(BIN)/python manage.py compile_translations

# For developers adding strings (needs GNU gettext: apt-get install gettext).
makemessages: $(STAMP)
	$(BIN)/python manage.py makemessages -l fr -l ar --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*'

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "Python 3.11 or newer is needed as $(PYTHON)"; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
		echo "Python's venv module is missing. Run: sudo apt-get install python3-venv"; exit 1; }

$(STAMP): pyproject.toml | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)
