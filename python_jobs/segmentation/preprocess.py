"""Preprocessing as a plain table: fill → log1p → quantile clip → one-hot → scale.

``fit_scaler_table`` learns one row per model feature (what ``<model>__scaler`` stores) and
``apply_scaler_table`` turns any frame with the input columns into the scaled matrix. The SQL scoring macro
emits exactly the same arithmetic from the same table, so Python and SQL assign the same segment.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from python_jobs.segmentation import contract
from python_jobs.segmentation.config import SegmentationConfig


class SegmentationInputError(ValueError):
    """Input data the engine cannot segment; the message names the relation, column and entity id."""


def plain(value: object) -> object:
    """A numpy scalar as the Python value it holds, so messages read ``id=8`` rather than ``np.int64(8)``."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


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


def _slug(value: str) -> str:
    slug = re.sub(r"[^0-9a-zA-Z]+", "_", value).strip("_").lower()
    return slug or "blank"


def numeric_column(frame: pd.DataFrame, column: str, entity_id: str, segmentation: str) -> pd.Series:
    """The column as float64; a value that is not a number raises, naming the column and the entity."""
    if column not in frame.columns:
        raise SegmentationInputError(
            f"segmentation {segmentation!r}: column {column!r} is missing from the features relation "
            f"(columns: {list(frame.columns)})"
        )
    series = frame[column]
    if pd.api.types.is_bool_dtype(series):
        return series.astype("float64")
    converted = pd.to_numeric(series, errors="coerce").astype("float64")
    bad = converted.isna() & series.notna()
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        raise SegmentationInputError(
            f"segmentation {segmentation!r}: column {column!r} has a non-numeric value "
            f"{plain(series.iloc[position])!r} for {entity_id}={plain(frame[entity_id].iloc[position])!r} "
            f"({int(bad.sum())} such rows)"
        )
    if np.isinf(converted.to_numpy()).any():
        position = int(np.flatnonzero(np.isinf(converted.to_numpy()))[0])
        raise SegmentationInputError(
            f"segmentation {segmentation!r}: column {column!r} is infinite for "
            f"{entity_id}={plain(frame[entity_id].iloc[position])!r}"
        )
    return converted


def fit_scaler_table(frame: pd.DataFrame, config: SegmentationConfig) -> pd.DataFrame:
    """Learn fill values, clip bounds, one-hot categories and centre/scale: one row per model feature."""
    prep = config.preprocessing
    rows: list[dict[str, object]] = []
    for column in config.features:
        values = numeric_column(frame, column, config.entity_id, config.name)
        if column in prep.fill:
            fill_value = prep.fill[column]
        elif values.isna().any():
            if prep.missing == "error":
                position = int(np.flatnonzero(values.isna().to_numpy())[0])
                raise SegmentationInputError(
                    f"segmentation {config.name!r}: column {column!r} is null for "
                    f"{config.entity_id}={plain(frame[config.entity_id].iloc[position])!r} and "
                    "preprocessing.missing is 'error'"
                )
            fill_value = 0.0 if prep.missing == "zero" else float(values.median())
            if np.isnan(fill_value):
                raise SegmentationInputError(f"segmentation {config.name!r}: column {column!r} is all null")
        else:
            fill_value = 0.0 if prep.missing == "zero" else float(values.median())
        filled = values.fillna(fill_value)
        use_log = column in prep.log1p
        if use_log:
            if (filled <= -1).any():
                position = int(np.flatnonzero((filled <= -1).to_numpy())[0])
                raise SegmentationInputError(
                    f"segmentation {config.name!r}: log1p column {column!r} has value "
                    f"{filled.iloc[position]} <= -1 for {config.entity_id}="
                    f"{plain(frame[config.entity_id].iloc[position])!r}"
                )
            filled = np.log1p(filled)
        clip_lower = clip_upper = None
        if column in prep.clip_quantiles.columns:
            # One selection pass for both bounds (the same values as two calls).
            lower, upper = np.quantile(
                filled.to_numpy(), [prep.clip_quantiles.lower, prep.clip_quantiles.upper]
            )
            clip_lower, clip_upper = float(lower), float(upper)
            filled = filled.clip(clip_lower, clip_upper)
        rows.append(
            {
                "feature": column,
                "source_column": column,
                "feature_kind": "numeric",
                "category": None,
                "fill_value": float(fill_value),
                "apply_log1p": use_log,
                "clip_lower": clip_lower,
                "clip_upper": clip_upper,
                **_center_scale(filled.to_numpy(), prep.scaler),
            }
        )
    for column in prep.one_hot:
        if column not in frame.columns:
            raise SegmentationInputError(
                f"segmentation {config.name!r}: one-hot column {column!r} is missing from the features "
                "relation"
            )
        text = frame[column].astype("string").fillna("")
        for category in sorted(text.unique()):
            dummy = (text == category).to_numpy(dtype="float64")
            rows.append(
                {
                    "feature": f"{column}__{_slug(str(category))}",
                    "source_column": column,
                    "feature_kind": "one_hot",
                    "category": str(category),
                    "fill_value": None,
                    "apply_log1p": False,
                    "clip_lower": None,
                    "clip_upper": None,
                    **_center_scale(dummy, prep.scaler),
                }
            )
    table = pd.DataFrame(rows)
    if table["feature"].duplicated().any():
        duplicated = sorted(table.loc[table["feature"].duplicated(), "feature"])
        raise SegmentationInputError(
            f"segmentation {config.name!r}: model feature names collide: {duplicated}"
        )
    table.insert(0, "feature_position", np.arange(1, len(table) + 1, dtype="int64"))
    return table[list(contract.SCALER.body)]


def _center_scale(values: np.ndarray, scaler: str) -> dict[str, float]:
    if scaler == "none":
        return {"center": 0.0, "scale": 1.0}
    if scaler == "robust":
        center = float(np.median(values))
        lower, upper = np.quantile(values, [0.25, 0.75])
        spread = float(upper - lower)
    else:
        center = float(values.mean())
        spread = float(values.std())
    # A constant feature carries no information; scale 1 keeps it finite (it becomes all zeros).
    return {"center": center, "scale": spread if spread > 0 else 1.0}


def unscaled_matrix(
    frame: pd.DataFrame, table: pd.DataFrame, entity_id: str, segmentation: str
) -> np.ndarray:
    """Model features after fill/log1p/clip/one-hot but before centring and scaling."""
    matrix = np.empty((len(frame), len(table)), dtype="float64")
    numeric_cache: dict[str, np.ndarray] = {}
    text_cache: dict[str, pd.Series] = {}
    for position, row in enumerate(table.itertuples(index=False)):
        if row.feature_kind == "one_hot":
            if row.source_column not in text_cache:
                text_cache[row.source_column] = frame[row.source_column].astype("string").fillna("")
            matrix[:, position] = (text_cache[row.source_column] == row.category).to_numpy(dtype="float64")
            continue
        if row.source_column not in numeric_cache:
            values = numeric_column(frame, row.source_column, entity_id, segmentation)
            numeric_cache[row.source_column] = values.to_numpy(dtype="float64", na_value=np.nan)
        column = matrix[:, position]
        column[:] = numeric_cache[row.source_column]
        np.copyto(column, row.fill_value, where=np.isnan(column))
        if row.apply_log1p:
            np.log1p(column, out=column)
        if row.clip_lower is not None and not pd.isna(row.clip_lower):
            np.clip(column, row.clip_lower, row.clip_upper, out=column)
    return matrix


def apply_scaler_table(
    frame: pd.DataFrame, table: pd.DataFrame, entity_id: str, segmentation: str
) -> np.ndarray:
    """The scaled model matrix: ``(unscaled - center) / scale`` column by column, as the SQL macro does."""
    matrix = unscaled_matrix(frame, table, entity_id, segmentation)
    matrix -= table["center"].to_numpy()
    matrix /= table["scale"].to_numpy()
    return matrix
