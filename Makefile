# rasharp: `make run` installs everything and serves the app; `make test` installs everything
# and runs every test. Nothing here needs Docker; with no DATABASE_URL / REDIS_URL set the
# service starts embedded PostgreSQL and Redis.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: install run test test-models test-backend test-frontend e2e benchmark clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): $(PY) models/pyproject.toml backend/pyproject.toml
	$(PIP) install --quiet -e 'models[train,dev]' -e 'backend[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/rasharp-serve --host 127.0.0.1 --port 8000 --data-dir var

test: test-models test-backend

test-models: install
	$(PY) -m pytest -q tests/models

test-backend: install
	$(PY) -m pytest -q tests/backend

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist
