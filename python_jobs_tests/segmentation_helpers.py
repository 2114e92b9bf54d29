"""Helpers the segmentation tests share."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from python_jobs.segmentation import SegmentationResult
from python_jobs.segmentation.dbt_model import write_side_tables


def store_run(connection: duckdb.DuckDBPyConnection, table: str, result: SegmentationResult) -> None:
    """Write a run the way build_segmentation does: the segment table and its side tables, in marts."""
    connection.execute("create schema if not exists marts")
    connection.register("segments_frame", result.segments)
    connection.execute(f"create or replace table marts.{table} as select * from segments_frame")
    connection.unregister("segments_frame")
    database = connection.execute("select current_database()").fetchall()[0][0]
    write_side_tables(connection, database, "marts", table, result)


def blobs(rows: int, seed: int, centers: int = 4, features: int = 5) -> tuple[pd.DataFrame, np.ndarray]:
    """``rows`` entities (``entity_id`` from 1) around ``centers`` planted centres in ``features``
    dimensions (``x0``, ``x1``, ...), and each row's planted centre."""
    rng = np.random.default_rng(seed)
    # Equidistant centres (no nested structure), so the planted k is the one right answer for every rule.
    middle = 8.0 * np.eye(centers, features)
    truth = rng.integers(0, centers, rows)
    values = middle[truth] + rng.normal(0, 1, size=(rows, features))
    frame = pd.DataFrame(values, columns=[f"x{i}" for i in range(features)])
    frame.insert(0, "entity_id", np.arange(1, rows + 1))
    return frame, truth
