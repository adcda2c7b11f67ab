# Shortcuts for contributors. Each target calls dev.py or a tool in .venv; `make help` lists them.
PYTHON ?= python3
VENV   := .venv/bin

.PHONY: help run test test-sqlite test-postgres lint fix bench bench-full bench-risk bench-workspace schema clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

run:  ## set up, load the demo organisation and serve at http://127.0.0.1:8000
	$(PYTHON) dev.py start

test:  ## lints, migration check, whole suite on SQLite and PostgreSQL (what CI runs)
	$(PYTHON) dev.py test

test-sqlite:  ## the suite on SQLite only, without lints
	$(PYTHON) dev.py test --db sqlite --no-lint

test-postgres:  ## the suite on PostgreSQL only, without lints
	$(PYTHON) dev.py test --db postgres --no-lint

lint:  ## ruff, mypy (engine, services, selectors) and import-linter
	$(VENV)/ruff check .
	$(VENV)/mypy src/pmo/engine src/pmo/interchange src/pmo/*/services.py src/pmo/*/services src/pmo/*/selectors.py src/pmo/core/jobs.py src/pmo/core/tasks.py src/pmo/core/health.py
	$(VENV)/lint-imports --no-logo --no-cache

fix:  ## apply ruff's safe autofixes and formatting to your changes
	$(VENV)/ruff check --fix .

bench:  ## quick engine benchmark against the peer libraries (1k and 10k tasks)
	$(VENV)/python -m bench.schedule_bench --quick

bench-risk:  ## Monte Carlo risk engine against networkx and plain numpy (about 2 minutes)
	$(VENV)/python -m bench.risk_bench

bench-workspace:  ## task grid, Gantt and live edit on a 5,000-task project, SQLite and PostgreSQL
	$(VENV)/python -m bench.workspace_bench

bench-full:  ## the full benchmark, up to 1M tasks (about 10 minutes; writes bench/results/)
	$(VENV)/python -m bench.schedule_bench

schema:  ## regenerate the committed OpenAPI schema (schema/openapi.yaml)
	$(VENV)/pmo spectacular --file schema/openapi.yaml --validate --fail-on-warn

clean:  ## remove caches and test logs (keeps .venv and your data directory)
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis var/test-logs
