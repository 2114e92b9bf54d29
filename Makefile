# One command surface. `make run` builds the demo warehouse; `make test` runs every test.
# Both create the virtual environment from pinned dependencies when it is missing or stale.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1
# OpenMP threads that spin while waiting starve DuckDB and each other on a busy 2-core machine
# (docs/decisions/0004-openmp-passive-wait.md).
export OMP_WAIT_POLICY ?= PASSIVE

.PHONY: help venv run test lint format sql-lint fixture docs benchmark clean lock dbt

help:  ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP)  ## create or update the virtual environment

run: $(STAMP)  ## generate demo data if absent, dbt build, validate, write reports
	$(BIN)/python -m python_jobs.pipeline run

test: $(STAMP)  ## lint (ruff, sqlfluff), type-check, build the dbt fixture warehouse and run every test
	$(BIN)/ruff check python_jobs python_jobs_tests models
	$(BIN)/ruff format --check python_jobs python_jobs_tests models
	$(BIN)/mypy
	$(BIN)/sqlfluff lint models tests macros
	$(BIN)/python -m python_jobs.pipeline fixture
	$(BIN)/python -m pytest

dbt: $(STAMP)  ## dbt by hand, holding the writer lock: make dbt ARGS="build --selector learners"
	$(BIN)/python -m python_jobs.dbt_cli $(ARGS)

fixture: $(STAMP)  ## build only the small test warehouse under build/test
	$(BIN)/python -m python_jobs.pipeline fixture

lint: $(STAMP)  ## ruff + mypy + sqlfluff
	$(BIN)/ruff check python_jobs python_jobs_tests models
	$(BIN)/ruff format --check python_jobs python_jobs_tests models
	$(BIN)/mypy
	$(BIN)/sqlfluff lint models tests macros

format: $(STAMP)  ## apply ruff formatting and fixes
	$(BIN)/ruff check --fix python_jobs python_jobs_tests models
	$(BIN)/ruff format python_jobs python_jobs_tests models

docs: $(STAMP)  ## generate and serve dbt docs
	$(BIN)/dbt docs generate && $(BIN)/dbt docs serve

benchmark: $(STAMP)  ## ad-log benchmark at three sizes against the pandas reference (slow)
	$(BIN)/python -m python_jobs.benchmark ad_logs

clean:  ## remove generated artefacts (keeps raw data)
	rm -rf target logs build reports warehouse/*.duckdb warehouse/*.wal

lock: $(STAMP)  ## re-pin the whole dependency tree
	$(BIN)/python -m pip freeze --exclude-editable | sed '1i # Full pinned dependency tree (pip install -c requirements.lock). Regenerate with: make lock' > requirements.lock
