"""Fitting a partition, nearest-centroid assignment, the k sweep and the k-selection rules.

The rules (stated precisely in README.md):

- ``silhouette``: the k with the highest silhouette (seeded sample); ties go to the smaller k.
- ``davies_bouldin``: the k with the lowest Davies-Bouldin index; ties go to the smaller k.
- ``elbow``: rescale k and inertia to [0, 1] over the range, draw the chord from the first to the last
  point, pick the k whose point lies furthest below the chord (perpendicular distance); ties to the
  smaller k.
- ``ward_gap``: on a seeded sample's Ward linkage with merge heights h (ascending), the partition into
  k clusters survives from h[n-k-1] to h[n-k]; pick the k in the range with the largest such gap.
- ``bic`` (gaussian_mixture only): the k with the lowest BIC.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import (
    calinski_harabasz_score,
    davies_bouldin_score,
    pairwise_distances,
    silhouette_score,
)
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_limits

from python_jobs.segmentation import contract
from python_jobs.segmentation.config import SegmentationConfig

# BLAS/OpenMP threads for the fits (the k sweep runs that many fits side by side instead). One by default:
# on a shared 2-core machine oversubscribed OpenMP made KMeans far slower than single-threaded. The thread
# count can change the last bits of a multi-threaded fit's centroids (reduction order), not the partition.
THREADS_ENV = "SEGMENTATION_THREADS"

# Largest silhouette-sample distance matrix a sweep keeps for all its k (a 5,000-row sample takes 200 MB).
SILHOUETTE_DISTANCE_BYTES = 256 * 1024**2


# A restart improves on the best so far only by more than this share of the best objective: restarts that
# land in the same optimum differ in the last bits of their objective.
RESTART_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Restarts:
    """How a restarted fit went: restarts run, the best objective and the best one of another optimum."""

    used: int
    best_objective: float
    second_best_objective: float | None


@dataclass(frozen=True)
class Partition:
    """Centroids in scaled space (k × d) plus what the fit reports about itself."""

    centroids: np.ndarray
    aic: float | None = None
    bic: float | None = None
    ward_sample_agreement: float | None = None
    restarts: Restarts | None = None


def engine_threads() -> int:
    """``SEGMENTATION_THREADS`` (default 1)."""
    return max(1, int(os.environ.get(THREADS_ENV, "1")))


def sample_indices(n_rows: int, size: int, seed: int) -> np.ndarray:
    """A seeded, sorted sample of row positions (all rows when ``n_rows <= size``)."""
    if n_rows <= size:
        return np.arange(n_rows)
    return np.sort(np.random.default_rng(seed).choice(n_rows, size=size, replace=False))


def assign(
    matrix: np.ndarray, centroids: np.ndarray, chunk_rows: int = 200_000
) -> tuple[np.ndarray, np.ndarray]:
    """Nearest centroid (ties to the lower index) and the Euclidean distance to it, in row chunks."""
    labels = np.empty(len(matrix), dtype="int64")
    distances = np.empty(len(matrix), dtype="float64")
    for start in range(0, len(matrix), chunk_rows):
        block = matrix[start : start + chunk_rows]
        # Explicit differences, not the expanded a²-2ab+b² form: the SQL macro computes the same sums.
        squared = ((block[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        best = squared.argmin(axis=1)
        labels[start : start + chunk_rows] = best
        distances[start : start + chunk_rows] = np.sqrt(squared[np.arange(len(block)), best])
    return labels, distances


def ward_linkage(matrix: np.ndarray, sample_size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Ward linkage on a seeded sample; returns (sample row positions, scipy linkage matrix)."""
    positions = sample_indices(len(matrix), sample_size, seed)
    return positions, linkage(matrix[positions], method="ward")


# Rows of the seeded sample whose Ward tree a segmentation with ``plots: true`` stores for its dendrogram.
DENDROGRAM_SAMPLE = 2_000


def ward_linkage_table(matrix: np.ndarray, sample_size: int, seed: int) -> pd.DataFrame:
    """scipy's Ward linkage of a seeded sample as a table, one row per merge (``merge_step`` from 1).

    Nodes 0 .. sample_rows - 1 are the sample's rows; the merge at step s creates node sample_rows + s - 1.
    """
    positions, link = ward_linkage(matrix, sample_size, seed)
    return pd.DataFrame(
        {
            "merge_step": np.arange(1, len(link) + 1, dtype="int64"),
            "left_node": link[:, 0].astype("int64"),
            "right_node": link[:, 1].astype("int64"),
            "merge_height": link[:, 2],
            "merged_size": link[:, 3].astype("int64"),
            "sample_rows": np.full(len(link), len(positions), dtype="int64"),
        },
        columns=list(contract.WARD_LINKAGE.body),
    )


def linkage_matrix(table: pd.DataFrame) -> np.ndarray:
    """The scipy linkage matrix back from ``ward_linkage_table`` rows (in merge order)."""
    ordered = table.sort_values("merge_step")
    columns = ["left_node", "right_node", "merge_height", "merged_size"]
    return np.asarray(ordered[columns].to_numpy(dtype="float64"), dtype="float64")


def ward_heights(link: np.ndarray, k_values: tuple[int, ...]) -> dict[int, tuple[float, float]]:
    """For each k: (height of the merge that reduces k clusters to k-1, the gap the k-partition survives)."""
    heights = link[:, 2]
    n_points = len(heights) + 1
    result: dict[int, tuple[float, float]] = {}
    for k in k_values:
        if k >= n_points:
            continue
        upper = heights[n_points - k]
        lower = heights[n_points - k - 1] if n_points - k - 1 >= 0 else 0.0
        result[k] = (float(upper), float(upper - lower))
    return result


def restart_seed(random_seed: int, restart: int) -> int:
    """The seed of restart ``restart`` (0-based): independent streams, the same for every restart budget."""
    return int(np.random.SeedSequence([random_seed, restart]).generate_state(1)[0])


def restart_limit(rows: int, minimum: int, config: SegmentationConfig) -> int:
    """Most restarts a fit on ``rows`` rows may run: ``max_restarts``, cut to ``restart_row_budget`` rows x
    restarts, never below ``minimum`` (so a large input runs exactly ``minimum``, today's cost)."""
    by_budget = config.restart_rows // max(rows, 1)
    return max(minimum, min(config.max_restarts, by_budget))


def _single_fit(matrix: np.ndarray, k: int, algorithm: str, seed: int) -> tuple[float, Partition]:
    """One seeded start of a restartable algorithm: (objective to minimise, partition)."""
    if algorithm == "kmeans":
        fitted = KMeans(n_clusters=k, init="k-means++", n_init=1, random_state=seed).fit(matrix)
        return float(fitted.inertia_), Partition(centroids=fitted.cluster_centers_)
    if algorithm == "minibatch_kmeans":
        mini = MiniBatchKMeans(n_clusters=k, n_init=1, random_state=seed, batch_size=4096).fit(matrix)
        return float(mini.inertia_), Partition(centroids=mini.cluster_centers_)
    mixture = GaussianMixture(n_components=k, covariance_type="full", n_init=1, random_state=seed).fit(matrix)
    # lower_bound_ is the mean log-likelihood per row; the objective is the total negative log-likelihood.
    objective = -float(mixture.lower_bound_) * len(matrix)
    partition = Partition(
        centroids=mixture.means_, aic=float(mixture.aic(matrix)), bic=float(mixture.bic(matrix))
    )
    return objective, partition


def restarted_fit(matrix: np.ndarray, k: int, config: SegmentationConfig, minimum: int) -> Partition:
    """Seeded restarts until converged within a budget (README "Restarts"): at least ``minimum``; then
    more while the best objective improved within the last ``restart_patience`` restarts, up to
    ``restart_limit``. Deterministic for ``random_seed``."""
    limit = restart_limit(len(matrix), minimum, config)
    objectives: list[float] = []
    best: tuple[float, Partition] | None = None
    since_improvement = 0
    for restart in range(limit):
        objective, partition = _single_fit(
            matrix, k, config.algorithm, restart_seed(config.random_seed, restart)
        )
        objectives.append(objective)
        if best is None or objective < best[0] - RESTART_TOLERANCE * abs(best[0]):
            best = (objective, partition)
            since_improvement = 0
        else:
            since_improvement += 1
        if restart + 1 >= minimum and since_improvement >= config.restart_patience:
            break
    assert best is not None
    best_objective = best[0]
    others = [
        value for value in objectives if value > best_objective + RESTART_TOLERANCE * abs(best_objective)
    ]
    restarts = Restarts(len(objectives), best_objective, min(others) if others else None)
    return replace(best[1], restarts=restarts)


def fit_partition(
    matrix: np.ndarray,
    k: int,
    config: SegmentationConfig,
    ward: tuple[np.ndarray, np.ndarray] | None = None,
    n_init: int | None = None,
) -> Partition:
    """Fit ``config.algorithm`` with k clusters: k-means and mixtures restart (at least ``n_init`` times,
    default ``config.n_init``, see ``restarted_fit``); Ward fits on its sample and reports the agreement."""
    if config.algorithm != "ward":
        return restarted_fit(matrix, k, config, config.n_init if n_init is None else n_init)
    positions, link = (
        ward if ward is not None else ward_linkage(matrix, config.sample_size, config.random_seed)
    )
    sample = matrix[positions]
    ward_labels = fcluster(link, t=k, criterion="maxclust") - 1
    present = np.unique(ward_labels)
    centroids = np.vstack([sample[ward_labels == label].mean(axis=0) for label in present])
    nearest, _ = assign(sample, centroids)
    agreement = float((present[nearest] == ward_labels).mean())
    return Partition(centroids=centroids, ward_sample_agreement=agreement)


def restart_columns(partition: Partition) -> dict[str, float | int | None]:
    """The k-selection columns that describe a partition's restarts (empty for Ward)."""
    restarts = partition.restarts
    return {
        "restarts_used": None if restarts is None else restarts.used,
        "best_objective": None if restarts is None else restarts.best_objective,
        "second_best_objective": None if restarts is None else restarts.second_best_objective,
    }


def silhouette_positions(n_rows: int, config: SegmentationConfig) -> np.ndarray:
    """The seeded sample of rows every partition's silhouette is computed on."""
    silhouette_rows = config.silhouette_sample_size or config.sample_size
    return sample_indices(n_rows, silhouette_rows, config.random_seed + 1)


def silhouette_distances(matrix: np.ndarray, positions: np.ndarray) -> np.ndarray | None:
    """Euclidean distances between the silhouette sample's rows, computed once for every k of a sweep;
    None when the square matrix would exceed SILHOUETTE_DISTANCE_BYTES (each k then computes its own)."""
    if len(positions) ** 2 * 8 > SILHOUETTE_DISTANCE_BYTES:
        return None
    return np.asarray(pairwise_distances(matrix[positions], metric="euclidean"), dtype="float64")


def score_partition(
    matrix: np.ndarray,
    partition: Partition,
    positions: np.ndarray,
    sample_distances: np.ndarray | None = None,
) -> dict[str, float | int | None]:
    """Inertia, silhouette (on the rows at ``positions``), Calinski-Harabasz and Davies-Bouldin of a
    partition.

    ``sample_distances`` (from ``silhouette_distances`` for the same ``positions``) are the sample's pairwise
    distances, shared by the partitions of a sweep: the silhouette then only groups them by label."""
    labels, distances = assign(matrix, partition.centroids)
    n_labels = len(np.unique(labels))
    sample_labels = labels[positions]
    silhouette = None
    if 1 < len(np.unique(sample_labels)) < len(positions):
        if sample_distances is not None:
            silhouette = float(silhouette_score(sample_distances, sample_labels, metric="precomputed"))
        else:
            silhouette = float(silhouette_score(matrix[positions], sample_labels))
    has_spread = 1 < n_labels < len(matrix)
    return {
        "inertia": float((distances**2).sum()),
        "silhouette": silhouette,
        "calinski_harabasz": float(calinski_harabasz_score(matrix, labels)) if has_spread else None,
        "davies_bouldin": float(davies_bouldin_score(matrix, labels)) if has_spread else None,
        "aic": partition.aic,
        "bic": partition.bic,
        "ward_sample_agreement": partition.ward_sample_agreement,
        "silhouette_sample_rows": len(positions),
        **restart_columns(partition),
    }


def elbow_distances(k_values: np.ndarray, inertia: np.ndarray) -> np.ndarray:
    """Distance of each (k, inertia) point below the first-to-last chord, both axes in [0, 1]."""
    x = (k_values - k_values[0]) / (k_values[-1] - k_values[0])
    span = inertia.max() - inertia.min()
    y = (inertia - inertia.min()) / span if span > 0 else np.zeros_like(inertia)
    x0, y0, x1, y1 = x[0], y[0], x[-1], y[-1]
    # Signed distance to the chord; positive when the point lies below it (the convex side of a knee).
    distances = ((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / np.hypot(x1 - x0, y1 - y0)
    return np.asarray(distances, dtype="float64")


def choose_k(table: pd.DataFrame, rule: str) -> int:
    """Apply a k-selection rule to the sweep table (one row per k, ascending); ties go to the smaller k."""
    ordered = table.sort_values("k")
    column, highest = {
        "silhouette": ("silhouette", True),
        "davies_bouldin": ("davies_bouldin", False),
        "elbow": ("elbow_distance", True),
        "ward_gap": ("ward_gap", True),
        "bic": ("bic", False),
    }[rule]
    values = ordered[column].astype("float64")
    if values.isna().all():
        raise ValueError(f"k-selection rule {rule!r}: column {column!r} is empty for every k in the sweep")
    best = values.max() if highest else values.min()
    return int(ordered.loc[values == best, "k"].iloc[0])


def sweep(
    matrix: np.ndarray, config: SegmentationConfig, workers: int = 1
) -> tuple[pd.DataFrame, dict[int, Partition], int]:
    """Fit every candidate k on the sweep rows: one row per k, the partitions by k, rows swept.

    With ``workers`` > 1 the candidate k run side by side in threads, each with single-threaded
    BLAS/OpenMP: on a sweep-sized sample two threads inside one KMeans fit cost more than they save, while
    two fits at once use both cores. Every fit is seeded on its own, so the result does not depend on
    ``workers``.
    """
    k_values = config.k.candidates
    if config.sweep_sample_size is not None:
        rows = sample_indices(len(matrix), config.sweep_sample_size, config.random_seed + 2)
        swept = matrix[rows]
    else:
        swept = matrix
    needs_ward = config.algorithm == "ward" or config.k.rule == "ward_gap"
    ward = ward_linkage(swept, config.sample_size, config.random_seed) if needs_ward else None
    heights = ward_heights(ward[1], k_values) if ward is not None else {}

    # Every k's silhouette uses the same sample: its distances are computed once instead of once per k.
    positions = silhouette_positions(len(swept), config)
    sample_distances = silhouette_distances(swept, positions)

    def fit_and_score(k: int) -> tuple[Partition, dict[str, float | int | None]]:
        partition = fit_partition(swept, k, config, ward)
        return partition, score_partition(swept, partition, positions, sample_distances)

    def fit_and_score_in_worker(k: int) -> tuple[Partition, dict[str, float | int | None]]:
        # OpenMP's thread count is per calling thread: a new worker thread starts at the machine default.
        with threadpool_limits(limits=1, user_api="openmp"):
            return fit_and_score(k)

    if workers > 1 and len(k_values) > 1:
        with threadpool_limits(limits=1), ThreadPoolExecutor(max_workers=workers) as pool:
            fitted = list(pool.map(fit_and_score_in_worker, k_values))
    else:
        fitted = [fit_and_score(k) for k in k_values]
    records: list[dict[str, object]] = []
    partitions: dict[int, Partition] = {}
    for k, (partition, scores) in zip(k_values, fitted, strict=True):
        partitions[k] = partition
        merge_height, gap = heights.get(k, (None, None))
        records.append(
            {
                "k": k,
                **scores,
                "ward_merge_height": merge_height,
                "ward_gap": gap,
                "n_rows_swept": len(swept),
            }
        )
    table = pd.DataFrame(records)
    if len(table) >= 3:
        table["elbow_distance"] = elbow_distances(
            table["k"].to_numpy(dtype="float64"), table["inertia"].to_numpy(dtype="float64")
        )
    else:
        table["elbow_distance"] = np.nan
    chosen = k_values[0] if config.k.fixed is not None else choose_k(table, config.k.rule)
    table["rule"] = config.k.rule
    table["is_chosen"] = table["k"] == chosen
    sweep_columns = contract.names(contract.K_SWEEP)
    for column in sweep_columns:
        if column not in table.columns:
            table[column] = np.nan
    table = table[list(sweep_columns)]
    return table, partitions, len(swept)
