"""Scoring with the stored model: replay a previous fit from its side tables (scaler, centroids,
k-selection, lineage) on today's rows, without a sweep or a fit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from python_jobs.segmentation import contract
from python_jobs.segmentation.assemble import Assignment, SegmentationResult, assemble, compute_run_id
from python_jobs.segmentation.config import SegmentationConfig
from python_jobs.segmentation.preprocess import apply_scaler_table, validate_input
from python_jobs.segmentation.selection import assign, engine_threads


class StoredModelMismatch(ValueError):
    """The stored model does not fit the current config (features or preprocessing changed): refit."""


@dataclass(frozen=True)
class StoredModel:
    """A previous fit as its side tables hold it: enough to score new rows without refitting."""

    scaler: pd.DataFrame  # <model>__scaler
    centroids: pd.DataFrame  # <model>__centroids
    k_selection: pd.DataFrame  # <model>__k_selection
    lineage: pd.DataFrame  # <model>__lineage

    @classmethod
    def from_result(cls, result: SegmentationResult) -> StoredModel:
        return cls(result.scaler, result.centroids, result.k_selection, result.lineage)


def _side_columns(table: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    return table[list(columns)].reset_index(drop=True)


def check_stored_model(config: SegmentationConfig, scaler: pd.DataFrame) -> None:
    """The stored scaler must describe the configured features and preprocessing, or scoring is wrong."""
    numeric = scaler[scaler["feature_kind"] != "one_hot"]
    prep = config.preprocessing
    problems = []
    if list(numeric["source_column"]) != list(config.features):
        problems.append(f"features {list(numeric['source_column'])} != configured {list(config.features)}")
    one_hot = sorted(set(scaler.loc[scaler["feature_kind"] == "one_hot", "source_column"]))
    if one_hot != sorted(prep.one_hot):
        problems.append(f"one-hot columns {one_hot} != configured {sorted(prep.one_hot)}")
    logged = sorted(numeric.loc[numeric["apply_log1p"].astype(bool), "source_column"])
    if logged != sorted(prep.log1p):
        problems.append(f"log1p columns {logged} != configured {sorted(prep.log1p)}")
    clipped = sorted(numeric.loc[numeric["clip_lower"].notna(), "source_column"])
    if clipped != sorted(prep.clip_quantiles.columns):
        problems.append(f"clipped columns {clipped} != configured {sorted(prep.clip_quantiles.columns)}")
    if problems:
        raise StoredModelMismatch(
            f"segmentation {config.name!r}: the stored model is stale: " + "; ".join(problems)
        )


def score_with_stored_model(
    frame: pd.DataFrame,
    config: SegmentationConfig,
    stored: StoredModel,
    labels: pd.DataFrame | None = None,
    relation: str = "features",
) -> SegmentationResult:
    """Assign every row to the stored model's nearest centroid with the stored preprocessing (no sweep,
    no fit): a daily run between scheduled refits. Segment ids, k and centroids stay those of the fit;
    profiles, codes and names are recomputed on today's rows. Raises StoredModelMismatch when the stored
    model no longer matches the config."""
    with threadpool_limits(limits=engine_threads()):
        return _score(frame, config, stored, labels, relation)


def _score(
    frame: pd.DataFrame,
    config: SegmentationConfig,
    stored: StoredModel,
    labels: pd.DataFrame | None,
    relation: str,
) -> SegmentationResult:
    validate_input(frame, config, relation)
    frame = frame.reset_index(drop=True)
    scaler = _side_columns(stored.scaler, contract.SCALER.body)
    scaler = scaler.sort_values("feature_position", ignore_index=True)
    check_stored_model(config, scaler)
    wide = stored.centroids.pivot_table(
        index="segment_id", columns="feature_position", values="centroid_scaled", aggfunc="first"
    )
    if list(wide.columns) != list(scaler["feature_position"]) or wide.isna().any().any():
        raise StoredModelMismatch(
            f"segmentation {config.name!r}: stored centroids do not cover the stored scaler's features"
        )
    ids = [int(segment_id) for segment_id in wide.index]
    centroids = wide.to_numpy(dtype="float64")
    matrix = apply_scaler_table(frame, scaler, config.entity_id, config.name)
    raw_labels, distances = assign(matrix, centroids)
    fitted_run_id = str(stored.centroids["run_id"].iloc[0])
    lineage = pd.DataFrame(
        {
            "segment_id": ids,
            "status": "kept",
            "previous_run_id": fitted_run_id,
            "match_distance": 0.0,
            "max_segment_id_issued": int(stored.lineage["max_segment_id_issued"].max()),
        },
        columns=list(contract.LINEAGE.body),
    )
    # A k-selection table written before a column was added to the contract gets that column empty.
    k_table = stored.k_selection.reindex(columns=list(contract.names(contract.K_SWEEP))).reset_index(
        drop=True
    )
    run_id = compute_run_id(frame[list(config.input_columns)], config, salt=f"score:{fitted_run_id}")
    segment_ids = np.asarray(ids, dtype="int64")[raw_labels]
    assignment = Assignment(scaler, matrix, centroids, ids, segment_ids, distances, k_table, lineage)
    return assemble(frame, config, labels, run_id, assignment)
