# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
# Both cores: the suite runs in about half the time (pytest-xdist). Each module's tests run in
# one worker, so that a module-scoped fixture is set up once (tests/portal/test_cluster.py's
# servers); `--dist loadgroup` would not do: pytest-xdist 3.8 cannot rename pytest 9's items.
PYTEST_ARGS ?= -n 2 --dist loadscope
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Compiled translations are built from locale/*/LC_MESSAGES/*.po (GNU gettext), never committed.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

.PHONY: run test cluster-test bootstrap lint format benchmark benchmark-directory benchmark-search security-scan screenshot

$(INSTALLED): pyproject.toml build-constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.3"
	# xstatic-bootstrap builds only with an older setuptools: pin it for that build alone.
	$(BIN)/python -m pip install --quiet --build-constraint build-constraints.txt -e ".[dev]"
	touch $(INSTALLED)

%.mo: %.po
	msgfmt --check-format -o $@ $<

bootstrap: $(INSTALLED) $(MESSAGES)

run: $(INSTALLED) $(MESSAGES)
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_portal_data
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(INSTALLED) $(MESSAGES)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Two servers behind HAProxy, a load of 60 seconds while one crashes and restarts (README,
# "Page cache and several servers"); the suite runs the same test with 15 seconds.
cluster-test: $(INSTALLED) $(MESSAGES)
	CLUSTER_LOAD_SECONDS=60 $(BIN)/python -m pytest tests/portal/test_cluster.py -p no:xdist -rP

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The pages over HTTP on gunicorn beside a bare Django project (docs/performance.md); wants
# wrk and taskset, and DATABASE_URL for PostgreSQL. BENCHMARK_ARGS e.g. --people 100000.
benchmark: $(INSTALLED) $(MESSAGES)
	$(BIN)/python bench/http_load.py $(BENCHMARK_ARGS)

# The directory's pages in-process with Django's test client (the older benchmark).
benchmark-directory: $(INSTALLED)
	$(BIN)/python bench/directory.py

# The site search at 100,000 demo people (docs/performance.md); needs DATABASE_URL for PostgreSQL.
benchmark-search: $(INSTALLED)
	$(BIN)/python bench/search.py

# A Wapiti scan of the public site on a throw-away database, served as in production behind
# HAProxy with TLS (docs/security.md); Wapiti gets a virtualenv of its own. Not part of `make test`.
security-scan: $(INSTALLED) $(MESSAGES)
	$(BIN)/python bench/security_scan.py
