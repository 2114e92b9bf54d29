"""Run the project's dbt in a subprocess against a chosen raw-data folder and warehouse file.

One place builds the environment dbt needs (profiles in the project root, warehouse, raw data, artefact
folders, no usage tracking), for the pipeline and for tests that build small warehouses of their own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from python_jobs.paths import PROJECT_ROOT

# Unit tests check model logic on fixed inputs, so they belong to development and CI (`make test` runs all of
# them), not to every production build: dbt's own guidance is to exclude them there. Production builds (the
# pipeline's `run` profile, the benchmark's timed builds) pass these flags; the fixture build keeps them.
PRODUCTION_BUILD_FLAGS = ("--exclude-resource-type", "unit_test")


def dbt_executable() -> str:
    """The ``dbt`` installed beside the running interpreter (the project's virtual environment)."""
    return str(Path(sys.executable).with_name("dbt"))


def dbt_env(
    *,
    raw_dir: Path,
    duckdb_path: Path,
    target_dir: Path,
    reports_dir: Path | None = None,
    published_path: Path | None = None,
    exports_dir: Path | None = None,
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Environment for a dbt (or project job) process; dbt logs go beside ``target_dir``.

    ``duckdb_path`` is the warehouse dbt writes (``DUCKDB_BUILD_PATH``); ``published_path`` the one BI
    reads (``DUCKDB_PATH``), the same file when not given (a test's private warehouse, never published).
    """
    env = dict(os.environ if base is None else base)
    env.update(
        RAW_DATA_DIR=str(raw_dir),
        DUCKDB_BUILD_PATH=str(duckdb_path),
        DUCKDB_PATH=str(published_path or duckdb_path),
        DBT_TARGET_PATH=str(target_dir),
        DBT_LOG_PATH=str(target_dir.parent / "logs"),
        DBT_PROFILES_DIR=str(PROJECT_ROOT),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DO_NOT_TRACK="1",
    )
    if reports_dir is not None:
        env["REPORTS_DIR"] = str(reports_dir)
    if exports_dir is not None:
        env["EXPORTS_DIR"] = str(exports_dir)
    return env


def work_dir_env(root: Path) -> dict[str, str]:
    """The layout tests use: ``root/raw``, ``root/audience.duckdb``, ``root/target``, ``root/reports``."""
    return dbt_env(
        raw_dir=root / "raw",
        duckdb_path=root / "audience.duckdb",
        target_dir=root / "target",
        reports_dir=root / "reports",
    )


def run_dbt(
    args: Sequence[str], env: Mapping[str, str], *, timeout: float | None = 900
) -> subprocess.CompletedProcess[str]:
    """``dbt <args>`` in the project root, output captured (stdout and stderr as text), never raising."""
    return subprocess.run(
        [dbt_executable(), *args],
        cwd=PROJECT_ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
