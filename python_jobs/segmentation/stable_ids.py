"""Stable segment ids across runs: optimal assignment of new centroids to the previous run's centroids."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from python_jobs.segmentation import contract


@dataclass(frozen=True)
class PreviousRun:
    """What the previous run left in the warehouse (``<model>__centroids`` and ``<model>__lineage``)."""

    centroids: pd.DataFrame  # columns: run_id, segment_id, feature, centroid_unscaled
    lineage: pd.DataFrame | None = None  # columns: max_segment_id_issued (at least)


def previous_centroid_matrix(
    previous: PreviousRun, scaler: pd.DataFrame
) -> tuple[list[int], np.ndarray] | None:
    """Previous centroids re-expressed in this run's scaled space; None when the feature sets differ."""
    wide = previous.centroids.pivot_table(
        index="segment_id", columns="feature", values="centroid_unscaled", aggfunc="first"
    )
    features = list(scaler["feature"])
    if set(wide.columns) != set(features) or wide.empty:
        return None
    unscaled = wide[features].to_numpy(dtype="float64")
    scaled = (unscaled - scaler["center"].to_numpy()) / scaler["scale"].to_numpy()
    return [int(segment_id) for segment_id in wide.index], scaled


def match_ids(
    centroids: np.ndarray,
    scaler: pd.DataFrame,
    previous: PreviousRun | None,
    max_distance: float | None,
) -> tuple[list[int], pd.DataFrame]:
    """Id per new centroid (in the given order) and the lineage rows (kept / new / retired).

    Matched pairs come from the Hungarian assignment on Euclidean centroid distance in this run's scaled
    space; a pair further apart than ``max_distance`` (when set) is not a match. Unmatched centroids get
    ids above every id ever issued, in the given order.
    """
    k = len(centroids)
    previous_ids: list[int] = []
    assigned: list[int | None] = [None] * k
    distances: list[float | None] = [None] * k
    high_water = 0
    previous_run_id = None
    if previous is not None and not previous.centroids.empty:
        previous_run_id = str(previous.centroids["run_id"].iloc[0])
        high_water = int(previous.centroids["segment_id"].max())
        if previous.lineage is not None and not previous.lineage.empty:
            high_water = max(high_water, int(previous.lineage["max_segment_id_issued"].max()))
        expressed = previous_centroid_matrix(previous, scaler)
        if expressed is not None:
            previous_ids, old = expressed
            cost = np.sqrt(((centroids[:, None, :] - old[None, :, :]) ** 2).sum(axis=2))
            rows, cols = linear_sum_assignment(cost)
            for row, col in zip(rows, cols, strict=True):
                if max_distance is None or cost[row, col] <= max_distance:
                    assigned[row] = previous_ids[col]
                    distances[row] = float(cost[row, col])
        else:
            previous_ids = sorted(int(x) for x in previous.centroids["segment_id"].unique())
    next_id = high_water + 1
    ids: list[int] = []
    for position in range(k):
        if assigned[position] is None:
            assigned[position] = next_id
            next_id += 1
        ids.append(int(assigned[position]))  # type: ignore[arg-type]
    max_issued = max([high_water, *ids])
    records = [
        {
            "segment_id": segment_id,
            "status": "kept" if distances[position] is not None else "new",
            "previous_run_id": previous_run_id,
            "match_distance": distances[position],
            "max_segment_id_issued": max_issued,
        }
        for position, segment_id in enumerate(ids)
    ]
    kept = set(ids)
    records.extend(
        {
            "segment_id": old_id,
            "status": "retired",
            "previous_run_id": previous_run_id,
            "match_distance": None,
            "max_segment_id_issued": max_issued,
        }
        for old_id in previous_ids
        if old_id not in kept
    )
    lineage = pd.DataFrame(records, columns=list(contract.LINEAGE.body))
    return ids, lineage.sort_values("segment_id", kind="stable").reset_index(drop=True)
