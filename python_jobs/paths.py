"""Where things live. Every location can be overridden by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _resolve(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def raw_data_dir() -> Path:
    """Root of the raw files, one folder per source (``RAW_DATA_DIR``, default ``data/raw``)."""
    return _resolve(os.environ.get("RAW_DATA_DIR", "data/raw"))


def warehouse_path() -> Path:
    """The published warehouse BI reads (``DUCKDB_PATH``, default ``warehouse/audience.duckdb``): replaced
    in one atomic step by ``python_jobs.publish`` after a build passes, never written in place."""
    return _resolve(os.environ.get("DUCKDB_PATH", "warehouse/audience.duckdb"))


def build_warehouse_path() -> Path:
    """The warehouse dbt writes and validation checks (``DUCKDB_BUILD_PATH``, default
    ``warehouse/build/audience.duckdb``, the profile's default too); it keeps the incremental state
    between runs. Same file name as the published one: dbt's views name their catalog after it."""
    return _resolve(os.environ.get("DUCKDB_BUILD_PATH", "warehouse/build/audience.duckdb"))


def writer_lock_path(build_path: Path | None = None) -> Path:
    """The lock every writer holds (``python_jobs.writer_lock``): ``.writer.lock`` beside the build warehouse
    (``build_path``, default ``build_warehouse_path()``), so each warehouse has its own lock."""
    return (build_path or build_warehouse_path()).parent / ".writer.lock"


def exports_dir() -> Path:
    """Audience exports, one folder per segmentation (``EXPORTS_DIR``, default ``exports``)."""
    return _resolve(os.environ.get("EXPORTS_DIR", "exports"))


def reports_dir() -> Path:
    """Plots, Data Docs and run summaries (``REPORTS_DIR``, default ``reports``)."""
    return _resolve(os.environ.get("REPORTS_DIR", "reports"))


def dbt_target_dir() -> Path:
    """dbt's compiled artefacts, manifest included (``DBT_TARGET_PATH``, default ``target``)."""
    return _resolve(os.environ.get("DBT_TARGET_PATH", "target"))
