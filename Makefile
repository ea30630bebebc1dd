# snsblog: `make run` serves the site, `make test` runs every test. Both set up what they need.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
INSTALLED := $(VENV)/.installed
# SECRET_KEY from the environment when set and not empty; else .secret-key (below).
ENV_SECRET_KEY := $(SECRET_KEY)

WEB_CONCURRENCY ?= $(shell echo $$(( 2 * $$(nproc) + 1 )))

.PHONY: install migrate seed run serve static bench test test-production lint format \
	cluster cluster-stop test-tools

# The interface's translations (locale/*/LC_MESSAGES/django.po), compiled by Babel, which
# requirements.txt installs: no system gettext needed.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

install: $(INSTALLED) $(CATALOGUES)

%.mo: %.po | $(INSTALLED)
	$(VENV)/bin/pybabel compile --use-fuzzy -i $< -o $@ -l $(word 2,$(subst /, ,$<)) >/dev/null

$(INSTALLED): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "snsblog needs Python 3.11 or newer (set PYTHON=python3.x)"; exit 1; }
# A venv that failed half-way (no ensurepip: python3-venv) is not left to be reused.
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(INSTALLED)

# The tests' tools: the system's Chromium and npm (.ci/install-tools installs them
# with apt-get when missing, or says in one line which tests it leaves out), then
# axe-core and html-validate, pinned in package-lock.json, in node_modules/ (the site
# itself serves no npm package).
AXE := node_modules/axe-core/axe.min.js
test-tools:
	@.ci/install-tools suite
	@if command -v npm >/dev/null && ! $(MAKE) -q $(AXE); then $(MAKE) --no-print-directory $(AXE); fi

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(AXE)

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py load_seed

run: seed
	@echo
	@echo "  Admin login: $(PY) manage.py createsuperuser"
	@echo "  Site:        http://127.0.0.1:$(PORT)/"
	@echo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production settings, as `make serve` runs the site and `make test-production` tests
# it: DEBUG=0, a real secret key, hashed static files (manifest storage). Served over
# plain HTTP on loopback, so cookies are not marked Secure and nothing redirects to
# HTTPS here; behind a TLS proxy production sets those (docs/deployment.md).
PRODUCTION_TARGETS := serve test-production
$(PRODUCTION_TARGETS): export DEBUG = 0
$(PRODUCTION_TARGETS): export SECRET_KEY = $(or $(ENV_SECRET_KEY),$(shell cat .secret-key 2>/dev/null))
$(PRODUCTION_TARGETS): export ALLOWED_HOSTS ?= 127.0.0.1,localhost
$(PRODUCTION_TARGETS): export SESSION_COOKIE_SECURE ?= 0
$(PRODUCTION_TARGETS): export SECURE_SSL_REDIRECT ?= 0
$(PRODUCTION_TARGETS): export SECURE_HSTS_SECONDS ?= 0
$(PRODUCTION_TARGETS): export CSRF_COOKIE_SECURE ?= 0

# Production-like: gunicorn, DEBUG=0, static files compressed and hashed by whitenoise.
serve: .secret-key seed
	$(PY) manage.py collectstatic --noinput -v0
	@echo "  Serving http://127.0.0.1:$(PORT)/ with $(WEB_CONCURRENCY) gunicorn workers"
	exec $(VENV)/bin/gunicorn snsblog.wsgi --workers $(WEB_CONCURRENCY) \
		--bind 127.0.0.1:$(PORT) --no-control-socket $(GUNICORN_ARGS)

# The whole suite under the production settings above.
test-production: .secret-key install test-tools
	$(PY) manage.py collectstatic --noinput -v0
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The production topology on this machine (deploy/cluster): nginx on CLUSTER_PORT (8080)
# in front of two gunicorn app servers, PostgreSQL and Redis; state in .cluster/.
# Runs until Ctrl-C; `make cluster-stop` stops it from another shell.
cluster: .secret-key install
	deploy/cluster start

cluster-stop:
	deploy/cluster stop

.secret-key: | install
	$(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > .secret-key

# The single-server figures (bench/run.py), then the cluster's (bench/cluster.py);
# either one failing fails make bench, after both have run.
bench: install
	status=0; $(PY) bench/run.py $(BENCH_ARGS) || status=1; \
		$(PY) bench/cluster.py || status=1; $(PY) bench/search.py || status=1; exit $$status

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint test-tools
	$(VENV)/bin/pytest
