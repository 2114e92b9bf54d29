"""From rows assigned to segments to the written tables: profiles, codes, names and labels, the segment
table and every side table (``SegmentationResult``), and the run id."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
from sklearn.decomposition import PCA

from python_jobs.segmentation import contract
from python_jobs.segmentation.claims import (
    SegmentProfile,
    categories,
    claims_in,
    failure,
    segment_profiles,
)
from python_jobs.segmentation.config import NamingConfig, SegmentationConfig
from python_jobs.segmentation.preprocess import SegmentationInputError
from python_jobs.segmentation.profiles import (
    NO_ACTION,
    binary_columns,
    build_profiles,
    default_names,
    profile_frame,
    rank_codes,
)
from python_jobs.segmentation.selection import DENDROGRAM_SAMPLE, ward_linkage_table

logger = logging.getLogger(__name__)

LABEL_COLUMNS = ("segmentation", "segment_code", "segment_name", "marketing_action")
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
        """Side tables by name (written as ``<model>__<name>``), in the contract's order."""
        tables = {
            contract.PROFILES.name: self.profiles,
            contract.CENTROIDS.name: self.centroids,
            contract.SCALER.name: self.scaler,
            contract.K_SELECTION.name: self.k_selection,
            contract.LINEAGE.name: self.lineage,
        }
        if self.ward_linkage is not None:
            tables[contract.WARD_LINKAGE.name] = self.ward_linkage
        return tables


@dataclass(frozen=True)
class Assignment:
    """Every row's segment and the model behind it, fitted now or replayed from a stored model."""

    scaler: pd.DataFrame
    matrix: np.ndarray
    centroids: np.ndarray  # k x d, scaled space, row i is segment ids[i]
    ids: list[int]
    segment_ids: np.ndarray  # per row
    distances: np.ndarray  # per row
    k_table: pd.DataFrame
    lineage: pd.DataFrame


def compute_run_id(frame: pd.DataFrame, config: SegmentationConfig, salt: str = "") -> str:
    """Deterministic content hash of the config and the input rows (16 hex characters); ``salt`` tells a
    scoring run (and the fit it replays) from a fit on the same rows."""
    digest = hashlib.sha256(config.fingerprint().encode())
    digest.update(salt.encode())
    row_hashes = pd.util.hash_pandas_object(frame.reset_index(drop=True), index=False)
    digest.update(row_hashes.to_numpy().tobytes())
    digest.update(",".join(map(str, frame.columns)).encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class NamingEvidence:
    """What a labels-seed name is checked against: every segment's profile, the 0/1 columns and their
    categories."""

    profiles: dict[int, SegmentProfile]
    binary: set[str]
    category_of: dict[str, str]


def apply_labels(
    codes: dict[int, str],
    names: dict[int, str],
    labels: pd.DataFrame | None,
    segmentation: str,
    naming: NamingConfig | None = None,
    evidence: NamingEvidence | None = None,
) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """Override default names and actions from the labels relation, keyed by (segmentation, segment_code).

    An override applies only when the segment's profile supports every claim its name (and its optional
    ``default_name_contains``) makes (``claims``); otherwise the profile name stays, no action is taken
    from the row, and the third mapping holds a warning naming the segment and the failed claim."""
    final_names = dict(names)
    actions = dict.fromkeys(codes, NO_ACTION)
    warnings: dict[int, str] = {}
    if labels is None or labels.empty:
        return final_names, actions, warnings
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
        seed_name = row.segment_name.strip() if isinstance(row.segment_name, str) else ""
        # Ids are stable for one data set, but a seed written for one data set must not rename another's
        # segments: an optional `default_name_contains` pins the override to the profile it was written for.
        guard = getattr(row, "default_name_contains", None)
        guard = guard.strip() if isinstance(guard, str) else ""
        failed: list[str] = []
        if guard and guard.lower() not in names[segment_id].lower():
            failed.append(f"default_name_contains {guard!r} is not in the profile name")
        if naming is not None and evidence is not None:
            claims = claims_in(f"{seed_name} {guard}", naming, evidence.binary, evidence.category_of)
            profile = evidence.profiles[segment_id]
            failed.extend(
                reason
                for claim in claims
                if (reason := failure(claim, profile, naming, evidence.category_of)) is not None
            )
        if failed:
            warnings[segment_id] = (
                f"{segmentation} segment {code}: labels name {seed_name or '(none)'!r} not applied, "
                f"{'; '.join(failed)}; keeping the profile name {names[segment_id]!r}"
            )
            logger.warning("segment labels: %s (update the labels seed)", warnings[segment_id])
            continue
        if seed_name:
            final_names[segment_id] = seed_name
        if isinstance(row.marketing_action, str) and row.marketing_action.strip():
            actions[segment_id] = row.marketing_action
    return final_names, actions, warnings


def add_derived_columns(segments: pd.DataFrame, derived: dict[str, str]) -> pd.DataFrame:
    """Evaluate ``derived_columns`` (DuckDB SQL over the segment table) in a private connection."""
    if not derived:
        return segments
    expressions = ", ".join(f'({sql}) as "{column}"' for column, sql in derived.items())
    with duckdb.connect() as connection:
        connection.register("segments", segments)
        return connection.execute(f"select *, {expressions} from segments").df()


def assemble(
    frame: pd.DataFrame,
    config: SegmentationConfig,
    labels: pd.DataFrame | None,
    run_id: str,
    assignment: Assignment,
) -> SegmentationResult:
    """Profiles, codes, names and the segment table of an assignment, plus every side table."""
    scaler, matrix, centroids, ids, segment_ids = (
        assignment.scaler,
        assignment.matrix,
        assignment.centroids,
        assignment.ids,
        assignment.segment_ids,
    )
    all_ids = sorted(ids)
    values = profile_frame(frame, scaler, config)
    profiles = build_profiles(values, segment_ids, set(scaler["feature"]), all_ids)
    codes = rank_codes(profiles, config.ranking, all_ids, config.name)
    binary = binary_columns(values)
    names = default_names(profiles, config.naming, codes, binary)
    evidence = NamingEvidence(segment_profiles(profiles), binary, categories(config.naming, scaler, binary))
    names, actions, name_warnings = apply_labels(codes, names, labels, config.name, config.naming, evidence)

    positions = np.searchsorted(np.asarray(all_ids, dtype="int64"), segment_ids)
    engine_columns = {
        "segment_id": segment_ids,
        "segment_code": _take_text([codes[i] for i in all_ids], positions),
        "segment_name": _take_text([names[i] for i in all_ids], positions),
        "marketing_action": _take_text([actions[i] for i in all_ids], positions),
        "distance_to_centroid": assignment.distances,
        "run_id": _take_text([run_id], np.zeros(len(segment_ids), dtype="int64")),
    }
    segments = pd.DataFrame(
        {
            config.entity_id: frame[config.entity_id].to_numpy(),
            **{column: engine_columns.pop(column) for column in contract.SEGMENTS.column_names},
        }
    )
    if engine_columns:
        raise ValueError(f"segment table columns {sorted(engine_columns)} are not in the contract")
    if config.pca_components:
        components = min(config.pca_components, matrix.shape[1])
        projected = PCA(n_components=components, random_state=config.random_seed).fit_transform(matrix)
        for index in range(components):
            segments[f"pca_{index + 1}"] = projected[:, index]
    for column in config.passthrough:
        if column not in segments.columns:
            segments[column] = frame[column].to_numpy()
    segments = add_derived_columns(segments, config.derived_columns)

    profiles = profiles.assign(
        segment_code=profiles["segment_id"].map(codes),
        segment_name=profiles["segment_id"].map(names),
        name_warning=profiles["segment_id"].map(name_warnings),
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
    this_run = (config.name, run_id)
    ward_linkage = None
    if config.plots:
        sample_rows = min(DENDROGRAM_SAMPLE, config.sample_size)
        linkage = ward_linkage_table(matrix, sample_rows, config.random_seed)
        ward_linkage = contract.WARD_LINKAGE.frame(linkage, *this_run)
    return SegmentationResult(
        segments=segments,
        profiles=contract.PROFILES.frame(profiles.sort_values(["segment_id", "feature"]), *this_run),
        centroids=contract.CENTROIDS.frame(centroid_table, *this_run),
        scaler=contract.SCALER.frame(scaler, *this_run),
        k_selection=contract.K_SELECTION.frame(
            assignment.k_table.assign(algorithm=config.algorithm), *this_run
        ),
        lineage=contract.LINEAGE.frame(assignment.lineage, *this_run),
        run_id=run_id,
        k=len(ids),
        scaled_matrix=matrix,
        ward_linkage=ward_linkage,
    )


def _take_text(values: list[str], positions: np.ndarray) -> pd.Series:
    """``values[positions]`` as a pandas text column, built in Arrow rather than from a Python list of
    every row's string (same values, same ``str`` dtype, much cheaper at a million rows)."""
    taken = pa.array(values, type=pa.string()).take(pa.array(positions, type=pa.int64()))
    return pd.Series(taken.to_pandas(types_mapper={pa.string(): _TEXT}.get), copy=False)
