"""The pure segmentation run: a features frame and a config in, the segment table and side tables out."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
from sklearn.decomposition import PCA
from threadpoolctl import threadpool_limits

from python_jobs.segmentation.config import SegmentationConfig
from python_jobs.segmentation.preprocess import (
    SCALER_COLUMNS,
    SegmentationInputError,
    apply_scaler_table,
    fit_scaler_table,
    plain,
)
from python_jobs.segmentation.profiles import (
    NO_ACTION,
    binary_columns,
    build_profiles,
    default_names,
    profile_frame,
    rank_codes,
)
from python_jobs.segmentation.selection import (
    DENDROGRAM_SAMPLE,
    K_SELECTION_COLUMNS,
    assign,
    fit_partition,
    sweep,
    ward_linkage_table,
)
from python_jobs.segmentation.stable_ids import LINEAGE_COLUMNS, PreviousRun, match_ids

LABEL_COLUMNS = ("segmentation", "segment_code", "segment_name", "marketing_action")
# BLAS/OpenMP threads for the fits (the k sweep runs that many fits side by side instead). One by default:
# on a shared 2-core machine oversubscribed OpenMP made KMeans 20x slower than single-threaded. The thread
# count can change the last bits of a multi-threaded fit's centroids (reduction order), not the partition.
THREADS_ENV = "SEGMENTATION_THREADS"
# pandas' default text dtype ("str": Arrow-backed, NaN for missing), the dtype a list of strings gets.
_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)


@dataclass(frozen=True)
class SegmentationResult:
    """The segment table and the side tables, each ready to be written as-is."""

    segments: pd.DataFrame
    profiles: pd.DataFrame
    centroids: pd.DataFrame
    scaler: pd.DataFrame
    k_selection: pd.DataFrame
    lineage: pd.DataFrame
    run_id: str
    k: int
    scaled_matrix: np.ndarray
    # The Ward tree of a seeded sample, for the reports job's dendrogram (``plots: true`` only).
    ward_linkage: pd.DataFrame | None = None

    def side_tables(self) -> dict[str, pd.DataFrame]:
        """Side tables by suffix (written as ``<model>__<suffix>``)."""
        tables = {
            "profiles": self.profiles,
            "centroids": self.centroids,
            "scaler": self.scaler,
            "k_selection": self.k_selection,
            "lineage": self.lineage,
        }
        if self.ward_linkage is not None:
            tables["ward_linkage"] = self.ward_linkage
        return tables


def compute_run_id(frame: pd.DataFrame, config: SegmentationConfig, salt: str = "") -> str:
    """Deterministic content hash of the config and the input rows (16 hex characters); ``salt`` tells a
    scoring run (and the fit it replays) from a fit on the same rows."""
    digest = hashlib.sha256(config.fingerprint().encode())
    digest.update(salt.encode())
    row_hashes = pd.util.hash_pandas_object(frame.reset_index(drop=True), index=False)
    digest.update(row_hashes.to_numpy().tobytes())
    digest.update(",".join(map(str, frame.columns)).encode())
    return digest.hexdigest()[:16]


def validate_input(frame: pd.DataFrame, config: SegmentationConfig, relation: str) -> None:
    """Fail clearly on an empty input, a missing column, or a null / duplicated entity id."""
    missing = [column for column in config.input_columns if column not in frame.columns]
    if missing:
        raise SegmentationInputError(
            f"segmentation {config.name!r}: {relation} lacks column(s) {missing} (has {list(frame.columns)})"
        )
    if frame.empty:
        where = f" after filter {config.where!r}" if config.where else ""
        raise SegmentationInputError(f"segmentation {config.name!r}: {relation} has no rows{where}")
    ids = frame[config.entity_id]
    if ids.isna().any():
        position = int(np.flatnonzero(ids.isna().to_numpy())[0])
        raise SegmentationInputError(
            f"segmentation {config.name!r}: {relation}.{config.entity_id} is null at row {position + 1}"
        )
    duplicated = ids[ids.duplicated()]
    if not duplicated.empty:
        raise SegmentationInputError(
            f"segmentation {config.name!r}: {relation}.{config.entity_id} is not unique "
            f"(e.g. {plain(duplicated.iloc[0])!r}; {len(duplicated)} duplicate rows)"
        )
    largest_k = max(config.k.candidates)
    if len(frame) <= largest_k:
        raise SegmentationInputError(
            f"segmentation {config.name!r}: {relation} has {len(frame)} rows, too few for k={largest_k}"
        )


def canonical_order(centroids: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Cluster order independent of the algorithm's label numbers: size descending, then centroid values."""
    sizes = np.bincount(labels, minlength=len(centroids))
    keys = [(-int(sizes[i]), *np.round(centroids[i], 9).tolist()) for i in range(len(centroids))]
    return np.array(sorted(range(len(centroids)), key=lambda i: keys[i]), dtype="int64")


def apply_labels(
    codes: dict[int, str], names: dict[int, str], labels: pd.DataFrame | None, segmentation: str
) -> tuple[dict[int, str], dict[int, str]]:
    """Override default names and actions from the labels relation, keyed by (segmentation, segment_code)."""
    final_names = dict(names)
    actions = dict.fromkeys(codes, NO_ACTION)
    if labels is None or labels.empty:
        return final_names, actions
    missing = [column for column in LABEL_COLUMNS if column not in labels.columns]
    if missing:
        raise SegmentationInputError(f"segment labels relation lacks column(s) {missing}")
    own = labels[labels["segmentation"].astype("string") == segmentation]
    duplicated = own["segment_code"].astype("string").duplicated()
    if duplicated.any():
        raise SegmentationInputError(
            f"segment labels: segmentation {segmentation!r} lists segment_code "
            f"{own['segment_code'].iloc[int(np.flatnonzero(duplicated.to_numpy())[0])]!r} twice"
        )
    by_code = {str(row.segment_code): row for row in own.itertuples(index=False)}
    for segment_id, code in codes.items():
        row = by_code.get(code)
        if row is None:
            continue
        # Ids are stable for one data set, but a seed written for one data set must not rename another's
        # segments: an optional `default_name_contains` pins the override to the profile it was written for.
        guard = getattr(row, "default_name_contains", None)
        guard = guard.strip() if isinstance(guard, str) else ""
        if guard and guard.lower() not in names[segment_id].lower():
            print(
                f"segment labels: {segmentation} segment {code} is now {names[segment_id]!r}, not a "
                f"{guard!r} profile: keeping the profile name (update the labels seed)"
            )
            continue
        if isinstance(row.segment_name, str) and row.segment_name.strip():
            final_names[segment_id] = row.segment_name
        if isinstance(row.marketing_action, str) and row.marketing_action.strip():
            actions[segment_id] = row.marketing_action
    return final_names, actions


def add_derived_columns(segments: pd.DataFrame, derived: dict[str, str]) -> pd.DataFrame:
    """Evaluate ``derived_columns`` (DuckDB SQL over the segment table) in a private connection."""
    if not derived:
        return segments
    expressions = ", ".join(f'({sql}) as "{column}"' for column, sql in derived.items())
    with duckdb.connect() as connection:
        connection.register("segments", segments)
        return connection.execute(f"select *, {expressions} from segments").df()


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


def engine_threads() -> int:
    """``SEGMENTATION_THREADS`` (default 1)."""
    return max(1, int(os.environ.get(THREADS_ENV, "1")))


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
    partition = (
        partitions[k]
        if rows_swept == len(matrix)
        else fit_partition(matrix, k, config, n_init=config.final_fit_n_init)
    )
    raw_labels, distances = assign(matrix, partition.centroids)
    order = canonical_order(partition.centroids, raw_labels)
    centroids = partition.centroids[order]
    ids, lineage = match_ids(centroids, scaler, previous, config.match_max_distance)
    # Reordering centroids does not change the nearest one: map raw labels to canonical positions.
    positions = np.argsort(order)[raw_labels]
    segment_ids = np.asarray(ids, dtype="int64")[positions]
    fit = _Fit(scaler, matrix, centroids, ids, segment_ids, distances, k_table, lineage)
    return _assemble(frame, config, labels, run_id, fit)


@dataclass(frozen=True)
class _Fit:
    """A partition of the rows and the model behind it, fitted now or replayed from a stored model."""

    scaler: pd.DataFrame
    matrix: np.ndarray
    centroids: np.ndarray  # k x d, scaled space, row i is segment ids[i]
    ids: list[int]
    segment_ids: np.ndarray  # per row
    distances: np.ndarray  # per row
    k_table: pd.DataFrame
    lineage: pd.DataFrame


def _assemble(
    frame: pd.DataFrame,
    config: SegmentationConfig,
    labels: pd.DataFrame | None,
    run_id: str,
    fit: _Fit,
) -> SegmentationResult:
    """Profiles, codes, names and the segment table of a partition, plus every side table."""
    scaler, matrix, centroids, ids, segment_ids = (
        fit.scaler,
        fit.matrix,
        fit.centroids,
        fit.ids,
        fit.segment_ids,
    )
    all_ids = sorted(ids)
    values = profile_frame(frame, scaler, config)
    profiles = build_profiles(values, segment_ids, set(scaler["feature"]), all_ids)
    codes = rank_codes(profiles, config.ranking, all_ids, config.name)
    names = default_names(profiles, config.naming, codes, binary_columns(values))
    names, actions = apply_labels(codes, names, labels, config.name)

    positions = np.searchsorted(np.asarray(all_ids, dtype="int64"), segment_ids)
    segments = pd.DataFrame(
        {
            config.entity_id: frame[config.entity_id].to_numpy(),
            "segment_id": segment_ids,
            "segment_code": _take_text([codes[i] for i in all_ids], positions),
            "segment_name": _take_text([names[i] for i in all_ids], positions),
            "marketing_action": _take_text([actions[i] for i in all_ids], positions),
            "distance_to_centroid": fit.distances,
            "run_id": _take_text([run_id], np.zeros(len(segment_ids), dtype="int64")),
        }
    )
    if config.pca_components:
        components = min(config.pca_components, matrix.shape[1])
        projected = PCA(n_components=components, random_state=config.random_seed).fit_transform(matrix)
        for index in range(components):
            segments[f"pca_{index + 1}"] = projected[:, index]
    for column in config.passthrough:
        if column not in segments.columns:
            segments[column] = frame[column].to_numpy()
    segments = add_derived_columns(segments, config.derived_columns)

    id_column = {"segmentation": config.name, "run_id": run_id}
    profiles = profiles.assign(
        segment_code=profiles["segment_id"].map(codes), segment_name=profiles["segment_id"].map(names)
    )
    centroid_rows = [
        {
            "segment_id": ids[position],
            "segment_code": codes[ids[position]],
            "feature_position": int(feature.feature_position),
            "feature": feature.feature,
            "centroid_scaled": float(centroids[position, column]),
            "centroid_unscaled": float(centroids[position, column] * feature.scale + feature.center),
        }
        for position in range(len(ids))
        for column, feature in enumerate(scaler.itertuples(index=False))
    ]
    centroid_table = pd.DataFrame(centroid_rows).sort_values(["segment_id", "feature_position"])
    ward_linkage = None
    if config.plots:
        sample_rows = min(DENDROGRAM_SAMPLE, config.sample_size)
        ward_linkage = _prefix(ward_linkage_table(matrix, sample_rows, config.random_seed), id_column)
    return SegmentationResult(
        segments=segments,
        profiles=_prefix(profiles.sort_values(["segment_id", "feature"]), id_column),
        centroids=_prefix(centroid_table, id_column),
        scaler=_prefix(scaler, id_column),
        k_selection=_prefix(fit.k_table.assign(algorithm=config.algorithm), id_column),
        lineage=_prefix(fit.lineage, id_column),
        run_id=run_id,
        k=len(ids),
        scaled_matrix=matrix,
        ward_linkage=ward_linkage,
    )


def _take_text(values: list[str], positions: np.ndarray) -> pd.Series:
    """``values[positions]`` as a pandas text column, built in Arrow: a Python list of a million strings
    costs 0.35 s to convert, the Arrow take 0.06 s (same values, same ``str`` dtype)."""
    taken = pa.array(values, type=pa.string()).take(pa.array(positions, type=pa.int64()))
    return pd.Series(taken.to_pandas(types_mapper={pa.string(): _TEXT}.get), copy=False)


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


def _check_stored_model(config: SegmentationConfig, scaler: pd.DataFrame) -> None:
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
    scaler = _side_columns(stored.scaler, SCALER_COLUMNS).sort_values("feature_position", ignore_index=True)
    _check_stored_model(config, scaler)
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
        columns=list(LINEAGE_COLUMNS),
    )
    k_table = _side_columns(stored.k_selection, K_SELECTION_COLUMNS)
    run_id = compute_run_id(frame[list(config.input_columns)], config, salt=f"score:{fitted_run_id}")
    segment_ids = np.asarray(ids, dtype="int64")[raw_labels]
    fit = _Fit(scaler, matrix, centroids, ids, segment_ids, distances, k_table, lineage)
    return _assemble(frame, config, labels, run_id, fit)


# Columns that may be entirely empty in a run get an explicit dtype, so the warehouse column is typed
# (an all-None object column would become DuckDB's NULL type).
SIDE_TABLE_DTYPES: dict[str, str] = {
    "previous_run_id": "string",
    "match_distance": "float64",
    "category": "string",
    "fill_value": "float64",
    "clip_lower": "float64",
    "clip_upper": "float64",
    "apply_log1p": "bool",
    "silhouette": "float64",
    "calinski_harabasz": "float64",
    "davies_bouldin": "float64",
    "ward_merge_height": "float64",
    "ward_gap": "float64",
    "elbow_distance": "float64",
    "aic": "float64",
    "bic": "float64",
    "ward_sample_agreement": "float64",
    "lift": "float64",
    "std_difference": "float64",
    "mean": "float64",
    "std": "float64",
}


def _prefix(table: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The table with constant identifying columns first, typed nullable columns and a fresh index."""
    table = table.reset_index(drop=True)
    for column, dtype in SIDE_TABLE_DTYPES.items():
        if column in table.columns:
            table[column] = table[column].astype(dtype)
    for position, (column, value) in enumerate(columns.items()):
        table.insert(position, column, value)
    return table
