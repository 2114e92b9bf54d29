"""Run the project's dbt in a subprocess against a chosen raw-data folder and warehouse file.

One place builds the environment dbt needs (profiles in the project root, warehouse, raw data, artefact
folders, no usage tracking), for the pipeline and for tests that build small warehouses of their own.

``python -m python_jobs.dbt_cli [--wait SECONDS] <dbt command and arguments>`` (``make dbt ARGS="..."``)
is the project's dbt entry point for hand runs: dbt with the project's environment, holding the writer
lock (``python_jobs.writer_lock``) for every command that opens the warehouse, so a hand run never
overlaps ``make run`` or an orchestrator run; it exits 75 naming the run that holds the warehouse.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from python_jobs.log_setup import configure_cli_logging
from python_jobs.paths import (
    PROJECT_ROOT,
    build_warehouse_path,
    dbt_target_dir,
    exports_dir,
    raw_data_dir,
    reports_dir,
    warehouse_path,
    writer_lock_path,
)
from python_jobs.writer_lock import EXIT_BUSY, WriterLockBusy, writer_lock

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


# dbt commands that never open the warehouse, so they run without the writer lock.
COMMANDS_WITHOUT_WAREHOUSE = frozenset({"clean", "deps", "init", "list", "ls", "parse"})


def project_env() -> dict[str, str]:
    """The environment of a hand run: every location from ``python_jobs.paths`` (environment overrides)."""
    return dbt_env(
        raw_dir=raw_data_dir(),
        duckdb_path=build_warehouse_path(),
        published_path=warehouse_path(),
        target_dir=dbt_target_dir(),
        reports_dir=reports_dir(),
        exports_dir=exports_dir(),
    )


def needs_writer_lock(dbt_args: Sequence[str]) -> bool:
    """Whether a dbt command line opens the warehouse (``--help`` / ``--version`` and listing do not)."""
    if not dbt_args or any(arg in ("-h", "--help", "--version") for arg in dbt_args):
        return False
    command = next((arg for arg in dbt_args if not arg.startswith("-")), None)
    return command not in COMMANDS_WITHOUT_WAREHOUSE


def main(argv: Sequence[str] | None = None) -> int:
    # Every argument but --wait is dbt's own (``--help`` included), so this parser adds no help option.
    parser = argparse.ArgumentParser(
        prog="python -m python_jobs.dbt_cli",
        usage="%(prog)s [--wait SECONDS] <dbt command and arguments>",
        description="dbt with the project's environment, holding the warehouse writer lock.",
        add_help=False,
        allow_abbrev=False,
    )
    parser.add_argument("--wait", type=float, default=0.0, metavar="SECONDS")
    args, dbt_args = parser.parse_known_args(argv)
    if not dbt_args:
        parser.print_usage()
        return 2
    configure_cli_logging()
    command = [dbt_executable(), *dbt_args]
    env = project_env()
    if not needs_writer_lock(dbt_args):
        return subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=False).returncode
    Path(env["DUCKDB_BUILD_PATH"]).parent.mkdir(parents=True, exist_ok=True)
    lock = writer_lock_path(Path(env["DUCKDB_BUILD_PATH"]))
    try:
        with writer_lock(f"dbt {' '.join(dbt_args)}", path=lock, wait_seconds=args.wait):
            return subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=False).returncode
    except WriterLockBusy as busy:
        print(f"dbt not started: {busy}", file=sys.stderr)
        return EXIT_BUSY


if __name__ == "__main__":
    raise SystemExit(main())
