# perfapp — 预算绩效管理系统
#
#   make run    install everything, migrate, load the demo data once, serve http://127.0.0.1:8000
#   make test   the whole suite against PostgreSQL and Redis on localhost
#
# The virtual environment is .venv/ and is filled from requirements.lock (uv); front-end packages
# come from package-lock.json (npm). Both are re-installed only when their lock file changes.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= small

# Commands that import the settings outside the test suite need DEBUG (or a SECRET_KEY).
DEV := DEBUG=$${DEBUG:-1}
# `make test` is the whole suite against PostgreSQL and Redis; override either by exporting it.
TEST_DATABASE_URL := $${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/perfapp}
TEST_BROKER_URL := $${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}
# Unit, API and page tests run on 2 xdist workers (each gets its own test database); browser tests
# and real-Celery-worker tests run afterwards in one process: they share Chromium and the Redis queue.
PYTEST_PARALLEL ?= -n 2
PYTEST_ARGS ?=
SERIAL_MARKERS := browser or celery_worker

.PHONY: help venv install npm messages migrate seed run test test-fast lint format check benchmark bench clean

help:
	@echo "make run        安装依赖、迁移、加载演示数据并启动 http://$(HOST):$(PORT)"
	@echo "make test       全部测试（PostgreSQL + Redis）"
	@echo "make lint       ruff check + ruff format --check"
	@echo "make check      manage.py check + makemigrations --check"
	@echo "make messages   编译翻译目录（.mo）"
	@echo "make bench      性能基准：各操作对比裸极限（city 规模；BENCH_SCALE=province 可选）"
	@echo "make benchmark  运行 benchmarks/bench_*.py 单项基准"

# --- installation ---------------------------------------------------------------------------------

$(PY):
	$(PYTHON) -m venv $(VENV)

$(UV): | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check uv

# The lock file is what gets installed: every machine gets the same versions.
$(VENV)/.installed: requirements.lock | $(UV)
	$(UV) pip install --quiet --python $(PY) -r requirements.lock
	@touch $@

venv: $(PY)

install: $(VENV)/.installed

# npm writes node_modules/.package-lock.json on every install; it is the stamp.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

npm: node_modules/.package-lock.json

messages: install
	$(DEV) $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

migrate: install
	$(DEV) $(MANAGE) migrate --noinput

# --- running --------------------------------------------------------------------------------------

# seed_demo loads the demo data once per database (a second run says so and changes nothing)
# and prints the demo accounts either way.
seed: migrate
	$(DEV) $(MANAGE) seed_demo --scale $(SCALE)

run: install npm messages migrate seed
	@echo
	@echo "数据库 database: $${DATABASE_URL:-sqlite var/db.sqlite3}; 任务 tasks: $${CELERY_BROKER_URL:-in process (eager)}"
	@echo "打开 open http://$(HOST):$(PORT)/"
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

# --- quality --------------------------------------------------------------------------------------

# Both runs always happen; the target fails if either does. Exit code 5 of the second run is
# "no tests collected" (no browser tests yet): not a failure.
test: install npm messages
	@echo "DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL)"
	@export DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL); status=0; \
	echo "pytest $(PYTEST_PARALLEL) -m 'not ($(SERIAL_MARKERS))' $(PYTEST_ARGS)"; \
	$(PY) -m pytest -q $(PYTEST_PARALLEL) -m "not ($(SERIAL_MARKERS))" $(PYTEST_ARGS) || status=$$?; \
	echo "pytest -p no:xdist -m '$(SERIAL_MARKERS)' $(PYTEST_ARGS)"; \
	$(PY) -m pytest -q -p no:xdist -m "$(SERIAL_MARKERS)" $(PYTEST_ARGS) || { s=$$?; [ $$s -eq 5 ] || status=$$s; }; \
	exit $$status

# The suite minus the browser and real-worker tests, reusing the test database: for quick loops.
test-fast: install
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
		$(PY) -m pytest -q --reuse-db -m "not ($(SERIAL_MARKERS))" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(DEV) $(MANAGE) check
	$(DEV) $(MANAGE) makemigrations --check --dry-run

# `make bench`: every operation of benchmarks/ops.py against its bare limit on one data set
# (its own database, loaded once with seed_demo --scale $(BENCH_SCALE) --years 3), ABAB after a
# warm-up, medians of the ratios; prints a table and writes benchmarks/results/<scale>-<time>.json.
# BENCH_ONLY=project_list,plans runs some; BENCH_ROUNDS sets the rounds. Not part of `make test`.
BENCH_SCALE ?= city
bench: install
	BENCH_SCALE=$(BENCH_SCALE) $(PY) benchmarks/run.py

# Each benchmarks/bench_*.py is a standalone script (it calls django.setup() itself) that measures a
# page, export or report against its bare limit (raw SQL, bare openpyxl, bare WeasyPrint).
benchmark: install npm
	@if ls benchmarks/bench_*.py >/dev/null 2>&1; then \
		for f in benchmarks/bench_*.py; do \
			case "$$(basename $$f)" in __init__.py|conftest.py) continue;; esac; \
			echo "== $$f"; $(DEV) PYTHONPATH=. DJANGO_SETTINGS_MODULE=perfapp.settings $(PY) $$f; \
		done; \
	else \
		echo "benchmarks/ 下暂无基准测试。 No benchmarks yet."; \
	fi

clean:
	rm -rf var/static .pytest_cache
	find . -path ./.venv -prune -o -path ./node_modules -prune -o -name '*.mo' -print -delete
