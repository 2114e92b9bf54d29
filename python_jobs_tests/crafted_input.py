"""Builds part of the dbt project on hand-written raw files of one source, for the bad-input tests.

Each test module writes a few small CSV files, builds only the nodes it checks (with their ancestors) into
a private warehouse, and reads the results back read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from python_jobs.dbt_cli import run_dbt, work_dir_env


def build_on_crafted_files(
    root: Path, source: str, files: Mapping[str, str], select: str, dbt_vars: str
) -> Path:
    """Write ``files`` to ``root/raw/<source>/``, ``dbt build`` ``select`` there; return the warehouse."""
    raw = root / "raw" / source
    raw.mkdir(parents=True)
    for name, text in files.items():
        (raw / name).write_text(text)
    completed = run_dbt(
        ["build", "--select", select, "--indirect-selection", "cautious", "--vars", dbt_vars],
        work_dir_env(root),
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    return root / "audience.duckdb"


def fetch_rows(warehouse: Path, sql: str) -> list[tuple[Any, ...]]:
    """The rows of a query on the warehouse, opened read-only."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def fetch_frame(warehouse: Path, sql: str) -> pd.DataFrame:
    """A query's result as a DataFrame, the warehouse opened read-only."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql).df()


def fetch_rejects(warehouse: Path, source: str) -> set[tuple[Any, ...]]:
    """Each row of ``staging.stg_<source>__rejects`` as (file, row, column, raw value, reason)."""
    columns = "source_file, source_row_number, reject_column, rejected_value, reject_reason"
    return set(fetch_rows(warehouse, f"select {columns} from staging.stg_{source}__rejects"))
