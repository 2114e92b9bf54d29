"""Segment profiles (mean/std per feature in original units, lift), ranking into codes, and default names."""

from __future__ import annotations

import numpy as np
import pandas as pd

from python_jobs.segmentation import contract
from python_jobs.segmentation.claims import MAJORITY
from python_jobs.segmentation.config import NamingConfig, RankingConfig, SegmentationConfig
from python_jobs.segmentation.preprocess import numeric_column

NO_ACTION = "No marketing action set for this segment yet (add one to the segment labels seed)"


def profile_frame(frame: pd.DataFrame, scaler: pd.DataFrame, config: SegmentationConfig) -> pd.DataFrame:
    """Columns profiled in original units: features after fill (before log/clip), dummies, extra columns."""
    columns: dict[str, pd.Series] = {}
    for row in scaler.itertuples(index=False):
        if row.feature_kind == "one_hot":
            text = frame[row.source_column].astype("string").fillna("")
            columns[row.feature] = (text == row.category).astype("float64")
        else:
            values = numeric_column(frame, row.source_column, config.entity_id, config.name)
            columns[row.feature] = values.fillna(row.fill_value)
    extra = list(config.profile_columns)
    if config.ranking is not None:
        extra.extend(config.ranking.columns)
    for column in dict.fromkeys(extra):
        if column not in columns:
            columns[column] = numeric_column(frame, column, config.entity_id, config.name)
    return pd.DataFrame(columns, index=frame.index)


def build_profiles(
    values: pd.DataFrame, segment_ids: np.ndarray, clustered: set[str], all_ids: list[int]
) -> pd.DataFrame:
    """One row per segment × profiled column: n, share, mean, std (population std, ddof 0), lift."""
    total = len(values)
    population_mean = values.mean()
    # Per column with numpy: pandas' frame-wide std(ddof=0) is much slower on wide million-row frames.
    population_std = pd.Series(
        {
            column: float(np.nanstd(values[column].to_numpy(dtype="float64", na_value=np.nan)))
            for column in values
        },
        dtype="float64",
    )
    grouped = values.groupby(segment_ids)
    means = grouped.mean()
    stds = grouped.std(ddof=0)
    sizes = pd.Series(segment_ids).value_counts()
    records: list[dict[str, object]] = []
    for segment_id in all_ids:
        n = int(sizes.get(segment_id, 0))
        for feature in values.columns:
            mean = float(means.at[segment_id, feature]) if segment_id in means.index else np.nan
            std = float(stds.at[segment_id, feature]) if segment_id in stds.index else np.nan
            pop_mean = float(population_mean[feature])
            pop_std = float(population_std[feature])
            records.append(
                {
                    "segment_id": segment_id,
                    "n": n,
                    "share": n / total,
                    "feature": feature,
                    "is_clustered": feature in clustered,
                    "mean": mean,
                    "std": std,
                    "population_mean": pop_mean,
                    "population_std": pop_std,
                    "lift": mean / pop_mean if pop_mean != 0 else np.nan,
                    "std_difference": (mean - pop_mean) / pop_std if pop_std > 0 else np.nan,
                }
            )
    return pd.DataFrame(records, columns=list(contract.names(contract.PROFILE_STATISTICS)))


def rank_codes(
    profiles: pd.DataFrame, ranking: RankingConfig | None, all_ids: list[int], segmentation: str
) -> dict[int, str]:
    """Segment code per id: ranking codes by descending score (sum of segment means), else str(id)."""
    if ranking is None:
        return {segment_id: str(segment_id) for segment_id in all_ids}
    wanted = profiles[profiles["feature"].isin(ranking.columns)]
    scores = wanted.groupby("segment_id")["mean"].sum().reindex(all_ids).fillna(-np.inf)
    ordered = sorted(all_ids, key=lambda segment_id: (-scores[segment_id], segment_id))
    codes = ranking.codes_for(len(all_ids), segmentation)
    return dict(zip(ordered, codes, strict=True))


def binary_columns(values: pd.DataFrame) -> set[str]:
    """Profiled columns whose every value is 0 or 1."""
    return {column for column in values.columns if values[column].dropna().isin([0.0, 1.0]).all()}


def _humanise(feature: str) -> str:
    return feature.replace("__", " ").replace("_", " ")


def default_names(
    profiles: pd.DataFrame, naming: NamingConfig, codes: dict[int, str], binary: set[str]
) -> dict[int, str]:
    """Names from the highest |std difference| clustered features, e.g. 'Instagram · World · Light watchers'.

    Binary (0/1) features describe a segment only when it is above the population on them and the value
    is the segment's majority (``claims``); other features use the 'above' or 'below' label. A label of ''
    keeps a feature out of names. Duplicate names get the segment code appended so names stay unique.
    """
    clustered = profiles[profiles["is_clustered"]]
    names: dict[int, str] = {}
    for segment_id, group in clustered.groupby("segment_id"):
        shares = dict(zip(group["feature"], group["mean"].astype("float64"), strict=True))
        terms: list[tuple[float, str]] = []
        for row in group.itertuples(index=False):
            if row.feature in binary and not shares[row.feature] > MAJORITY:
                continue
            difference = row.std_difference
            if pd.isna(difference) or abs(difference) < naming.min_std_difference:
                continue
            above, below = naming.labels.get(row.feature, (None, None))
            if row.feature in binary:
                if difference < 0:
                    continue
                label = above if above is not None else _humanise(row.feature)
            elif difference > 0:
                label = above if above is not None else f"high {_humanise(row.feature)}"
            else:
                label = below if below is not None else f"low {_humanise(row.feature)}"
            if label:
                terms.append((abs(float(difference)), label))
        terms.sort(key=lambda term: -term[0])
        chosen = list(dict.fromkeys(label for _, label in terms))[: naming.max_terms]
        names[int(segment_id)] = naming.separator.join(chosen) if chosen else "Average profile"
    counts = pd.Series(list(names.values())).value_counts()
    return {
        segment_id: f"{name} ({codes[segment_id]})" if counts[name] > 1 else name
        for segment_id, name in names.items()
    }
