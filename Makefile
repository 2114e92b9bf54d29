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

.PHONY: help venv run test test-core lint format sql-lint fixture docs benchmark clean lock dbt \
	explore explorer-venv explorer-snapshot test-explorer chromium lock-explorer

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

test: test-core test-explorer  ## every test: the core suite, then each optional part in its own environment

test-core: $(STAMP)  ## lint (ruff, sqlfluff), type-check, build the dbt fixture warehouse and run the core tests
	$(BIN)/ruff check python_jobs python_jobs_tests models
	$(BIN)/ruff format --check python_jobs python_jobs_tests models
	$(BIN)/mypy
	$(BIN)/sqlfluff lint models tests macros
	$(BIN)/python -m python_jobs.pipeline fixture
	$(BIN)/python -m pytest

# The segment explorer lives in its own environment so `make run` stays lean.
EXPLORER_VENV := .venv-explorer
EXPLORER_BIN := $(EXPLORER_VENV)/bin
EXPLORER_STAMP := $(EXPLORER_VENV)/.installed

$(EXPLORER_STAMP): pyproject.toml requirements.lock requirements-explorer.lock
	test -x $(EXPLORER_BIN)/python || $(PYTHON) -m venv $(EXPLORER_VENV)
	$(EXPLORER_BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(EXPLORER_BIN)/python -m pip install --quiet -c requirements-explorer.lock -e ".[dev,explorer]"
	touch $(EXPLORER_STAMP)

explorer-venv: $(EXPLORER_STAMP)  ## create or update the explorer's environment (.venv-explorer)

explore: $(EXPLORER_STAMP)  ## serve the segment explorer on http://localhost:8501 over the published warehouse
	$(EXPLORER_BIN)/streamlit run python_jobs/explorer/app.py --server.headless=true \
		--server.address=127.0.0.1 --server.port=8501 --browser.gatherUsageStats=false

# The browser test and the snapshot drive Debian's Chromium (no browser download); installed when missing.
chromium:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
		{ [ "$$(id -u)" = 0 ] && { apt-get install -y -q chromium >/dev/null 2>&1 || \
			{ apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; }; } || \
		{ echo "Chromium is missing and cannot be installed without root: apt-get install chromium" >&2; exit 1; }

explorer-snapshot: $(EXPLORER_STAMP) chromium  ## time the explorer on the published warehouse, screenshot it
	$(EXPLORER_BIN)/python -m python_jobs.explorer.snapshot --screenshot docs/images/explorer.png \
		--timings reports/explorer_timings.json

test-explorer: $(EXPLORER_STAMP) chromium  ## the explorer's pages (Streamlit AppTest) and a headless-Chromium render
	$(EXPLORER_BIN)/python -m pytest python_jobs_tests/test_explorer_app.py

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

lock-explorer: $(EXPLORER_STAMP)  ## re-pin the explorer's environment (after make lock)
	$(EXPLORER_BIN)/python -m pip freeze --exclude-editable | sed '1i # The explorer environment (.venv-explorer), pinned. Regenerate with: make lock-explorer' > requirements-explorer.lock
