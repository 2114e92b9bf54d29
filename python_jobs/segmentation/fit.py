"""A fit: preprocess the features, sweep k, fit the chosen k, match segment ids to the previous run, and
assemble the segment table and side tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from python_jobs.segmentation.assemble import Assignment, SegmentationResult, assemble, compute_run_id
from python_jobs.segmentation.config import SegmentationConfig
from python_jobs.segmentation.preprocess import apply_scaler_table, fit_scaler_table, validate_input
from python_jobs.segmentation.selection import (
    assign,
    engine_threads,
    fit_partition,
    restart_columns,
    sweep,
)
from python_jobs.segmentation.stable_ids import PreviousRun, match_ids


def run_segmentation(
    frame: pd.DataFrame,
    config: SegmentationConfig,
    previous: PreviousRun | None = None,
    labels: pd.DataFrame | None = None,
    relation: str = "features",
) -> SegmentationResult:
    """Segment ``frame`` (one row per entity) as ``config`` says; ``previous`` keeps segment ids stable."""
    threads = engine_threads()
    with threadpool_limits(limits=threads):
        return _run(frame, config, previous, labels, relation, threads)


def canonical_order(centroids: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Cluster order independent of the algorithm's label numbers: size descending, then centroid values."""
    sizes = np.bincount(labels, minlength=len(centroids))
    keys = [(-int(sizes[i]), *np.round(centroids[i], 9).tolist()) for i in range(len(centroids))]
    return np.array(sorted(range(len(centroids)), key=lambda i: keys[i]), dtype="int64")


def _run(
    frame: pd.DataFrame,
    config: SegmentationConfig,
    previous: PreviousRun | None,
    labels: pd.DataFrame | None,
    relation: str,
    threads: int = 1,
) -> SegmentationResult:
    validate_input(frame, config, relation)
    frame = frame.reset_index(drop=True)
    run_id = compute_run_id(frame[list(config.input_columns)], config)
    scaler = fit_scaler_table(frame, config)
    matrix = apply_scaler_table(frame, scaler, config.entity_id, config.name)

    k_table, partitions, rows_swept = sweep(matrix, config, workers=threads)
    k = int(k_table.loc[k_table["is_chosen"], "k"].iloc[0])
    if rows_swept == len(matrix):
        fitted = partitions[k]
    else:
        fitted = fit_partition(matrix, k, config, n_init=config.final_fit_n_init)
        chosen = k_table["is_chosen"].to_numpy()
        for column, value in restart_columns(fitted).items():
            k_table.loc[chosen, column] = value
    raw_labels, distances = assign(matrix, fitted.centroids)
    order = canonical_order(fitted.centroids, raw_labels)
    centroids = fitted.centroids[order]
    ids, lineage = match_ids(centroids, scaler, previous, config.match_max_distance)
    # Reordering centroids does not change the nearest one: map raw labels to canonical positions.
    positions = np.argsort(order)[raw_labels]
    segment_ids = np.asarray(ids, dtype="int64")[positions]
    assignment = Assignment(scaler, matrix, centroids, ids, segment_ids, distances, k_table, lineage)
    return assemble(frame, config, labels, run_id, assignment)
