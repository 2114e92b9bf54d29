"""The benchmark's helpers and its pandas reference: sizes parse, the RESULT line has the issue's format,
and the reference computes the same preprocessing as the engine for the seg_ad_users config."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from python_jobs.benchmark import ad_logs as bench
from python_jobs.benchmark import reference
from python_jobs.paths import PROJECT_ROOT
from python_jobs.segmentation.config import parse_config
from python_jobs.segmentation.preprocess import apply_scaler_table, fit_scaler_table


def _seg_meta() -> dict[str, object]:
    models = yaml.safe_load((PROJECT_ROOT / "models/marts/ad_logs/_ad_logs__models.yml").read_text())
    model = next(model for model in models["models"] if model["name"] == "seg_ad_users")
    return model["config"]["meta"]["segmentation"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.6M", 1_600_000), ("6.5m", 6_500_000), ("26M", 26_000_000), ("500k", 500_000), ("20000", 20_000)],
)
def test_parse_size(text: str, value: int) -> None:
    assert bench.parse_size(text) == value


@pytest.mark.parametrize("text", ["", "12", "1.5G", "abc"])
def test_parse_size_rejects_bad_sizes(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        bench.parse_size(text)


def test_result_line_format() -> None:
    ours = bench.Measurement(wall_s=40.0, peak_rss_gb=2.5, output="")
    pandas = bench.Measurement(wall_s=160.0, peak_rss_gb=6.0, output="")
    largest = bench.SizeResult("26M", 26_000_000, 1_141_729, ours, pandas, 5, 0.97, 99.0, 100.0)
    line = bench.result_line(largest, 0.1)
    pattern = (
        r"RESULT full_build_s=[\d.]+ peak_rss_gb=[\d.]+ speedup_vs_pandas=[\d.]+ "
        r"incremental_ratio=[\d.]+ ari_vs_reference=[\d.]+"
    )
    assert re.fullmatch(pattern, line)
    assert "speedup_vs_pandas=4.00" in line and "incremental_ratio=0.100" in line
    assert "26M" in bench.format_table([largest])


def test_incremental_ratios_divide_by_the_full_build_timed_with_them() -> None:
    def run(wall: float) -> bench.Measurement:
        return bench.Measurement(wall_s=wall, peak_rss_gb=1.0, output="")

    incremental = bench.IncrementalResult(
        full_build=run(50.0), model_run=run(9.0), daily_build=run(40.0), rows_added=3_250_034
    )
    assert incremental.model_ratio() == pytest.approx(0.18)
    assert incremental.daily_ratio() == pytest.approx(0.8)


def test_cost_fit_separates_fixed_and_per_row_cost() -> None:
    fit = bench.fit_cost([1_600_000, 6_500_000, 26_000_000], [13.2, 22.0, 57.0])
    assert fit is not None
    assert fit.per_million_s == pytest.approx(1.8, abs=0.02)
    assert fit.fixed_s == pytest.approx(10.3, abs=0.2)
    assert fit.r_squared > 0.999
    curved = bench.fit_cost([1_000_000, 2_000_000, 4_000_000], [1.0, 4.0, 16.0])
    assert curved is not None and curved.r_squared < 0.99
    assert bench.fit_cost([26_000_000], [50.0]) is None


def test_partition_inertia_is_the_kmeans_objective() -> None:
    matrix = np.array([[0.0, 0.0], [2.0, 0.0], [10.0, 10.0], [10.0, 12.0]])
    assert reference.partition_inertia(matrix, np.array([0, 0, 1, 1])) == pytest.approx(4.0)
    assert reference.partition_inertia(matrix, np.array([0, 1, 1, 1])) > 4.0


def test_reference_summary_reads_the_last_reference_line() -> None:
    output = 'noise\nREFERENCE {"inertia_reference": 2.5}\n'
    assert bench.reference_summary(output) == {"inertia_reference": 2.5}
    with pytest.raises(SystemExit):
        bench.reference_summary("no summary")


def test_ari_requires_the_same_users() -> None:
    ours = pd.DataFrame({"user_id": [1, 2, 3, 4], "segment_id": [7, 7, 8, 8]})
    relabelled = pd.DataFrame({"user_id": [4, 3, 2, 1], "label": [0, 0, 1, 1]})
    assert bench.ari(ours, relabelled) == pytest.approx(1.0)
    with pytest.raises(SystemExit, match="different users"):
        bench.ari(ours, relabelled.iloc[:3])


def _features(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    impressions = rng.integers(1, 400, size=rows)
    clicks = rng.binomial(impressions, rng.uniform(0, 0.3, size=rows))
    frame = pd.DataFrame(
        {
            "user_id": np.arange(rows),
            "impression_count": impressions,
            "click_count": clicks,
            "click_through_rate": clicks / impressions,
            "active_day_count": rng.integers(1, 9, size=rows),
            "distinct_category_count": rng.integers(1, 50, size=rows),
            "primary_pid_share": rng.uniform(size=rows),
            "behaviour_event_count": rng.poisson(5, size=rows),
            "purchase_count": rng.poisson(0.3, size=rows),
        }
    )
    frame.loc[::7, "primary_pid_share"] = np.nan
    return frame


def test_reference_preprocessing_equals_the_engine() -> None:
    meta = _seg_meta()
    frame = _features(3_000, 1)
    engine_config = parse_config({**meta, "plots": False}, "ad_users")
    scaler = fit_scaler_table(frame, engine_config)
    engine_matrix = apply_scaler_table(frame, scaler, "user_id", "ad_users")
    reference_matrix = reference.preprocess(frame, reference.config_from_meta(meta))
    np.testing.assert_allclose(reference_matrix, engine_matrix, rtol=1e-9, atol=1e-9)


def test_reference_features_from_raw_tables() -> None:
    impressions = pd.DataFrame(
        {
            "user": [1, 1, 1, 1, 2],
            "time_stamp": [1_494_000_000, 1_494_000_100, 1_494_000_100, 1_494_090_000, 1_494_000_500],
            "adgroup_id": [10, 11, 11, 10, 12],
            "pid": ["430548_1007", "430539_1007", "430539_1007", "430548_1007", "430548_1007"],
            "nonclk": [1, 0, 0, 1, 1],
            "clk": [0, 1, 1, 0, 0],
        }
    )
    ads = pd.DataFrame(
        {
            "adgroup_id": [10, 11, 12],
            "cate_id": [1, 1, 2],
            "campaign_id": [5, 6, 7],
            "customer": [1, 1, 2],
            "brand": [np.nan, 3.0, 4.0],
            "price": [10.0, 30.0, 5.0],
        }
    )
    behaviour = pd.DataFrame({"user": [1, 1, 3], "time_stamp": [0, 0, 0], "btag": ["pv", "buy", "pv"]})
    profiles = pd.DataFrame({"userid": [1], "age_level": [3]})
    features = reference.user_features(impressions, ads, behaviour, profiles).set_index("user_id")
    first = features.loc[1]
    assert first["impression_count"] == 3, "the duplicated row counts once"
    assert first["click_count"] == 1
    assert first["active_day_count"] == 2, "1494090000 is the next day in UTC+8"
    assert first["distinct_ad_count"] == 2 and first["distinct_category_count"] == 1
    assert first["distinct_brand_count"] == 1, "a NULL brand is not a brand"
    assert first["primary_pid_share"] == pytest.approx(2 / 3)
    assert first["mean_clicked_ad_price"] == pytest.approx(30.0)
    assert first["purchase_count"] == 1 and first["behaviour_event_count"] == 2
    assert first["age_level"] == 3
    assert features.loc[2, "behaviour_event_count"] == 0
    assert 3 not in features.index, "users without impressions are not in the feature table"


@pytest.mark.parametrize(("block", "expected"), [({"k": 3}, 3.0), ({"k": 0.25}, 0.25), ({}, 7.0)])
def test_reference_number_reads_numbers_and_defaults(block: dict[str, object], expected: float) -> None:
    assert reference.number(block, "k", 7) == expected


@pytest.mark.parametrize("value", ["3", True, None, [3]])
def test_reference_number_rejects_what_is_not_a_number(value: object) -> None:
    with pytest.raises(ValueError, match="'k' must be a number"):
        reference.number({"k": value}, "k")


def test_repeats_report_the_median_run_and_the_spread() -> None:
    runs = [bench.Measurement(wall_s=wall, peak_rss_gb=1.0, output=str(wall)) for wall in (42.0, 40.0, 47.0)]
    assert bench.median_run(runs).output == "42.0"
    assert bench.median_run(runs[:2]).output == "40.0"  # even count: the lower middle run
    ours, pandas = bench.median_run(runs), bench.Measurement(wall_s=100.0, peak_rss_gb=6.0, output="")
    walls = {"ours_walls": (42.0, 40.0, 47.0), "reference_walls": (90.0, 100.0, 131.0)}
    repeated = bench.SizeResult("26M", 26_000_000, 1_141_729, ours, pandas, 5, 0.99, 1.0, 1.0, **walls)
    spread = repeated.spread()
    assert spread is not None
    assert "ours 42.0, 40.0, 47.0 s" in spread
    assert "speed-up per pair 2.14x to 2.79x" in spread
    assert bench.SizeResult("1.6M", 1, 1, ours, pandas, 5, 1.0, 1.0, 1.0).spread() is None


@pytest.mark.parametrize("text", ["0", "-1", "two", "1.5", ""])
def test_repeat_must_be_a_whole_number_of_at_least_one(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        bench.positive_int(text)
    assert bench.positive_int("3") == 3


def test_report_page_holds_the_summary_and_the_command(tmp_path: Path) -> None:
    page = tmp_path / "benchmarks" / "latest.md"
    bench.write_report(page, ["size table", "RESULT full_build_s=1.0"], ["--sizes", "26M"])
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Ad-log benchmark: latest run")
    assert "python -m python_jobs.benchmark ad_logs --sizes 26M" in text
    assert "```\nsize table\nRESULT full_build_s=1.0\n```" in text
