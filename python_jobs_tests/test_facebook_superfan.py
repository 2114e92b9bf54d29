"""Superfan classifier: time split, metrics table, baseline and error messages on small fan-weeks."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from python_jobs.engagement.superfan import (
    METRIC_COLUMNS,
    METRICS,
    SuperfanModelConfig,
    SuperfanModelError,
    evaluate_superfan_classifier,
    superfan_config_from_meta,
    time_split,
)


def _fan_weeks(seed: int = 3, fans: int = 400, weeks: int = 6) -> pd.DataFrame:
    """Fans with a latent activity level; next week's superfan status follows it, so it is learnable."""
    rng = np.random.default_rng(seed)
    level = rng.gamma(1.0, 2.0, size=fans)
    rows = []
    for week in range(weeks):
        activity = rng.poisson(level * 3)
        shares = rng.poisson(level / 2)
        next_activity = rng.poisson(level * 3)
        rows.append(
            pd.DataFrame(
                {
                    "week_start_date": pd.Timestamp("2025-12-01") + pd.Timedelta(weeks=week),
                    "reaction_count": activity,
                    "share_count": shares,
                    "noise": rng.normal(size=fans),
                    "is_superfan_this_week": activity >= 15,
                    "is_superfan_next_week": next_activity >= 15,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


CONFIG = SuperfanModelConfig(
    feature_columns=("reaction_count", "share_count", "noise"), test_weeks=2, n_estimators=50
)


def test_time_split_keeps_the_last_weeks_for_testing() -> None:
    weeks = pd.Series(pd.to_datetime(["2025-12-15", "2025-12-01", "2025-12-08", "2025-12-15", "2025-12-22"]))
    train, test, train_weeks, test_weeks = time_split(weeks, 2)
    assert train.tolist() == [False, True, True, False, False]
    assert test.tolist() == [True, False, False, True, True]
    assert max(train_weeks) < min(test_weeks)


def test_time_split_needs_a_training_week() -> None:
    with pytest.raises(SuperfanModelError, match="need more than 2 distinct weeks"):
        time_split(pd.Series(["2025-12-01", "2025-12-08"]), 2)


def test_metrics_table_shape_and_learnability() -> None:
    metrics = evaluate_superfan_classifier(_fan_weeks(), CONFIG)
    assert list(metrics.columns) == list(METRIC_COLUMNS)
    assert set(metrics["model"]) == {"random_forest", "persistence_baseline"}
    assert sorted(metrics["metric"].unique()) == sorted(METRICS)
    forest = metrics[metrics["model"] == "random_forest"].set_index("metric")["metric_value"]
    assert 0.75 < forest["roc_auc"] <= 1.0
    for metric in ("precision", "recall", "f1", "accuracy"):
        assert 0.0 <= forest[metric] <= 1.0
    assert (metrics["test_first_week"] > metrics["train_last_week"]).all()
    assert metrics["test_rows"].iloc[0] == 800
    assert metrics["train_rows"].iloc[0] == 1600


def test_deterministic_for_a_seed() -> None:
    frame = _fan_weeks()
    pd.testing.assert_frame_equal(
        evaluate_superfan_classifier(frame, CONFIG), evaluate_superfan_classifier(frame, CONFIG)
    )


def test_single_class_test_weeks_give_nan_auc_with_a_note() -> None:
    frame = _fan_weeks()
    last_weeks = frame["week_start_date"] >= sorted(frame["week_start_date"].unique())[-2]
    frame.loc[last_weeks, "is_superfan_next_week"] = False
    metrics = evaluate_superfan_classifier(frame, CONFIG).set_index(["model", "metric"])
    assert math.isnan(metrics.loc[("random_forest", "roc_auc"), "metric_value"])
    assert "single class" in metrics.loc[("random_forest", "roc_auc"), "note"]


def test_bad_input_is_named() -> None:
    frame = _fan_weeks()
    with pytest.raises(SuperfanModelError, match="feature column\\(s\\) \\['missing'\\] missing"):
        evaluate_superfan_classifier(frame, SuperfanModelConfig(feature_columns=("missing",)))
    frame.loc[5, "noise"] = np.nan
    with pytest.raises(SuperfanModelError, match="'noise' is null at row 6"):
        evaluate_superfan_classifier(frame, CONFIG)
    frame = _fan_weeks()
    frame["is_superfan_next_week"] = False
    with pytest.raises(SuperfanModelError, match="single class"):
        evaluate_superfan_classifier(frame, CONFIG)


def test_config_from_meta() -> None:
    config = superfan_config_from_meta(
        {"superfan_model": {"feature_columns": ["a", "b"], "test_weeks": 3}}, "fct_x"
    )
    assert config.feature_columns == ("a", "b")
    assert config.test_weeks == 3
    with pytest.raises(SuperfanModelError, match="unknown key"):
        superfan_config_from_meta({"superfan_model": {"feature_columns": ["a"], "tree_count": 3}}, "fct_x")
    with pytest.raises(SuperfanModelError, match="is required"):
        superfan_config_from_meta({}, "fct_x")
