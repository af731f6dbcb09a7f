# The two commands: `make run` (site with demo content on SQLite) and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser lint format migrations-check check messages serve clean venv

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=python3"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed-dev

run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py ensure_admin
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Site: http://$(HOST):$(PORT)/  Admin: http://$(HOST):$(PORT)/quan-tri/"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production-like: DEBUG off, hashed+compressed static files, gunicorn. Configure with
# DATABASE_URL, REDIS_URL, DJANGO_SECRET_KEY, GUNICORN_WORKERS/THREADS, HOST/PORT.
serve: venv
	DJANGO_DEBUG=0 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn -c portal/gunicorn.conf.py

test: venv
	$(PY) manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

test-browser: venv
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: venv
	$(PY) manage.py makemigrations --check --dry-run

check: venv
	$(PY) manage.py check

messages: venv
	for app in portal bulletins congress search polls analytics; do (cd $$app && ../$(PY) ../manage.py compilemessages --locale vi); done

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
