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
    """The DuckDB warehouse file (``DUCKDB_PATH``, default ``warehouse/audience.duckdb``)."""
    return _resolve(os.environ.get("DUCKDB_PATH", "warehouse/audience.duckdb"))


def reports_dir() -> Path:
    """Plots, Data Docs and run summaries (``REPORTS_DIR``, default ``reports``)."""
    return _resolve(os.environ.get("REPORTS_DIR", "reports"))


def dbt_target_dir() -> Path:
    """dbt's compiled artefacts, manifest included (``DBT_TARGET_PATH``, default ``target``)."""
    return _resolve(os.environ.get("DBT_TARGET_PATH", "target"))
