"""Next-week superfan classifier: a random forest on this week's fan features, evaluated on a time split.

Rows are fan-weeks (user × page × week) with this week's features and a label saying whether the same fan is
in the superfan segment of that page the following week. The last ``test_weeks`` distinct weeks are the
test set and every earlier week is training data, so the model never sees the future it is scored on.

Next to the forest, a persistence baseline ("a superfan this week is a superfan next week") is scored on
the same test rows, so the forest's numbers can be read against the obvious rule.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score

METRIC_COLUMNS = (
    "model",
    "metric",
    "metric_value",
    "note",
    "train_rows",
    "test_rows",
    "train_positive_rows",
    "test_positive_rows",
    "train_first_week",
    "train_last_week",
    "test_first_week",
    "test_last_week",
    "decision_threshold",
)
METRICS = ("precision", "recall", "f1", "roc_auc", "accuracy", "positive_rate_predicted")


class SuperfanModelError(ValueError):
    """Input that cannot be split or trained on; the message names the column or the weeks."""


@dataclass(frozen=True)
class SuperfanModelConfig:
    """Everything the evaluation depends on, so a run is reproducible from its config."""

    feature_columns: tuple[str, ...]
    label_column: str = "is_superfan_next_week"
    week_column: str = "week_start_date"
    current_label_column: str | None = "is_superfan_this_week"
    test_weeks: int = 2
    n_estimators: int = 200
    max_depth: int | None = 12
    min_samples_leaf: int = 5
    class_weight: str | None = None
    decision_threshold: float = 0.5
    max_train_rows: int | None = 200_000
    random_seed: int = 42
    n_jobs: int = 1


def time_split(weeks: pd.Series, test_weeks: int) -> tuple[np.ndarray, np.ndarray, list, list]:
    """Boolean train/test masks: the last ``test_weeks`` distinct weeks test, all earlier weeks train."""
    distinct = sorted(weeks.dropna().unique())
    if test_weeks < 1:
        raise SuperfanModelError(f"test_weeks must be >= 1, got {test_weeks}")
    if len(distinct) <= test_weeks:
        raise SuperfanModelError(
            f"need more than {test_weeks} distinct weeks for a time split, got {len(distinct)}: {distinct}"
        )
    train_weeks, test_weeks_list = distinct[:-test_weeks], distinct[-test_weeks:]
    values = weeks.to_numpy()
    return (
        np.isin(values, train_weeks),
        np.isin(values, test_weeks_list),
        train_weeks,
        test_weeks_list,
    )


def _score(y_true: np.ndarray, y_pred: np.ndarray, y_score: np.ndarray) -> dict[str, tuple[float, str]]:
    """Each metric with a note; ROC-AUC is NaN (noted) when the test set holds a single class."""
    scores: dict[str, tuple[float, str]] = {
        "precision": (float(precision_score(y_true, y_pred, zero_division=0)), ""),
        "recall": (float(recall_score(y_true, y_pred, zero_division=0)), ""),
        "f1": (float(f1_score(y_true, y_pred, zero_division=0)), ""),
        "accuracy": (float(accuracy_score(y_true, y_pred)), ""),
        "positive_rate_predicted": (float(np.mean(y_pred)), ""),
    }
    if np.unique(y_true).size < 2:
        scores["roc_auc"] = (math.nan, "undefined: the test weeks hold a single class")
    else:
        scores["roc_auc"] = (float(roc_auc_score(y_true, y_score)), "")
    return scores


def _boolean_column(frame: pd.DataFrame, column: str) -> np.ndarray:
    values = frame[column]
    if values.isna().any():
        row = int(values.isna().to_numpy().nonzero()[0][0])
        raise SuperfanModelError(f"label column {column!r} is null at row {row + 1}")
    return values.astype(bool).to_numpy()


def _feature_matrix(frame: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise SuperfanModelError(f"feature column(s) {missing} missing (have {list(frame.columns)})")
    matrix = frame[list(columns)].astype("float64")
    if matrix.isna().any().any():
        column = matrix.columns[matrix.isna().any()].tolist()[0]
        row = int(matrix[column].isna().to_numpy().nonzero()[0][0])
        raise SuperfanModelError(f"feature column {column!r} is null at row {row + 1}; fill it upstream")
    return matrix.to_numpy()


def evaluate_superfan_classifier(frame: pd.DataFrame, config: SuperfanModelConfig) -> pd.DataFrame:
    """Train on early weeks, score on the last weeks; one row per model × metric (``METRIC_COLUMNS``)."""
    if frame.empty:
        raise SuperfanModelError("no training rows: the superfan training relation is empty")
    if config.week_column not in frame.columns:
        raise SuperfanModelError(f"week column {config.week_column!r} missing")
    if config.label_column not in frame.columns:
        raise SuperfanModelError(f"label column {config.label_column!r} missing")
    features = _feature_matrix(frame, config.feature_columns)
    labels = _boolean_column(frame, config.label_column)
    train_mask, test_mask, train_weeks, test_weeks = time_split(frame[config.week_column], config.test_weeks)

    train_rows = np.flatnonzero(train_mask)
    if config.max_train_rows is not None and train_rows.size > config.max_train_rows:
        sampler = np.random.default_rng(config.random_seed)
        train_rows = np.sort(sampler.choice(train_rows, size=config.max_train_rows, replace=False))
    if np.unique(labels[train_rows]).size < 2:
        raise SuperfanModelError(
            f"training weeks {train_weeks[0]}..{train_weeks[-1]} hold a single class in "
            f"{config.label_column!r}; the classifier cannot learn"
        )
    forest = RandomForestClassifier(
        n_estimators=config.n_estimators,
        max_depth=config.max_depth,
        min_samples_leaf=config.min_samples_leaf,
        class_weight=config.class_weight,
        random_state=config.random_seed,
        n_jobs=config.n_jobs,
    )
    forest.fit(features[train_rows], labels[train_rows])
    test_features, test_labels = features[test_mask], labels[test_mask]
    probability = forest.predict_proba(test_features)[:, list(forest.classes_).index(True)]
    scored = {
        "random_forest": _score(test_labels, probability >= config.decision_threshold, probability),
    }
    if config.current_label_column is not None:
        current = _boolean_column(frame, config.current_label_column)[test_mask]
        scored["persistence_baseline"] = _score(test_labels, current, current.astype("float64"))

    common = {
        "train_rows": int(train_rows.size),
        "test_rows": int(test_mask.sum()),
        "train_positive_rows": int(labels[train_rows].sum()),
        "test_positive_rows": int(test_labels.sum()),
        "train_first_week": train_weeks[0],
        "train_last_week": train_weeks[-1],
        "test_first_week": test_weeks[0],
        "test_last_week": test_weeks[-1],
        "decision_threshold": float(config.decision_threshold),
    }
    rows = [
        {"model": model, "metric": metric, "metric_value": value, "note": note, **common}
        for model, metrics in scored.items()
        for metric in METRICS
        for value, note in [metrics[metric]]
    ]
    return pd.DataFrame(rows, columns=list(METRIC_COLUMNS))


def superfan_config_from_meta(meta: object, model_name: str) -> SuperfanModelConfig:
    """``SuperfanModelConfig`` from a model's ``meta.superfan_model`` mapping; unknown keys raise."""
    block = meta.get("superfan_model") if isinstance(meta, dict) else None
    if not isinstance(block, dict):
        raise SuperfanModelError(f"model {model_name!r}: meta.superfan_model (a mapping) is required")
    known = set(SuperfanModelConfig.__dataclass_fields__)
    unknown = sorted(set(block) - known)
    if unknown:
        raise SuperfanModelError(f"model {model_name!r}: unknown key(s) in meta.superfan_model: {unknown}")
    features = block.get("feature_columns")
    if not isinstance(features, list) or not features or not all(isinstance(f, str) for f in features):
        raise SuperfanModelError(
            f"model {model_name!r}: meta.superfan_model.feature_columns must list columns"
        )
    return SuperfanModelConfig(**{**block, "feature_columns": tuple(features)})
