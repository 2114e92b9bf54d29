"""The ad-log marts of the built fixture warehouse: the SQL feature mart equals an independent pandas
computation from the same raw files, and seg_ad_users has the segment-table shape the contract asks for."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from python_jobs.benchmark import reference

COMPARED = [
    "impression_count",
    "click_count",
    "click_through_rate",
    "active_day_count",
    "distinct_ad_count",
    "distinct_category_count",
    "distinct_brand_count",
    "distinct_campaign_count",
    "primary_pid_share",
    "mean_clicked_ad_price",
    "page_view_count",
    "cart_count",
    "favourite_count",
    "purchase_count",
    "behaviour_event_count",
]


def _raw_frames(raw_dir: Path) -> dict[str, pd.DataFrame]:
    impressions = pd.concat(
        [pd.read_parquet(path) for path in sorted((raw_dir / "raw_sample").glob("*.parquet"))],
        ignore_index=True,
    )
    profiles = pd.read_parquet(raw_dir / "user_profile.parquet")
    profiles.columns = [column.strip() for column in profiles.columns]
    ads = pd.read_parquet(raw_dir / "ad_feature.parquet")
    ads["brand"] = pd.to_numeric(ads["brand"].replace("NULL", np.nan))
    behaviour = pd.read_parquet(raw_dir / "behavior_log.parquet")
    return {"impressions": impressions, "profiles": profiles, "ads": ads, "behaviour": behaviour}


def test_feature_mart_matches_pandas(fixture_warehouse: Path, warehouse: duckdb.DuckDBPyConnection) -> None:
    raw_dir = fixture_warehouse.parent / "raw" / "ad_logs"
    if not (raw_dir / "raw_sample").exists():
        pytest.skip(f"the fixture's raw ad-log files are not under {raw_dir}")
    frames = _raw_frames(raw_dir)
    expected = reference.user_features(
        frames["impressions"], frames["ads"], frames["behaviour"], frames["profiles"]
    ).set_index("user_id")
    actual = warehouse.execute("select * from marts.feat_ad_logs_users").df().set_index("user_id")
    assert len(actual) == len(expected)
    actual = actual.loc[expected.index]
    for column in COMPARED:
        np.testing.assert_allclose(
            actual[column].to_numpy(dtype="float64"),
            expected[column].to_numpy(dtype="float64"),
            rtol=1e-9,
            equal_nan=True,
            err_msg=column,
        )
    assert (
        (actual["age_level"].astype("Float64") == expected["age_level"].astype("Float64")).fillna(True).all()
    )
    assert actual["has_profile"].to_numpy().tolist() == expected["final_gender_code"].notna().tolist()


def test_segment_table_shape(warehouse: duckdb.DuckDBPyConnection) -> None:
    segments = warehouse.execute("select * from marts.seg_ad_users").df()
    features = warehouse.execute("select count(*) from marts.feat_ad_logs_users").fetchall()[0][0]
    assert len(segments) == features and segments["user_id"].is_unique
    for column in (
        "segment_id",
        "segment_code",
        "segment_name",
        "marketing_action",
        "run_id",
        "pca_1",
        "pca_2",
    ):
        assert segments[column].notna().all(), column
    k = segments["segment_code"].nunique()
    assert 2 <= k <= 10
    assert set(segments["segment_code"]) == {f"CTR{rank}" for rank in range(1, k + 1)}
    by_code = (
        warehouse.execute(
            "select segment_code, avg(features.click_through_rate) as ctr "
            "from marts.seg_ad_users as segments "
            "join marts.feat_ad_logs_users as features using (user_id) group by segment_code"
        )
        .df()
        .set_index("segment_code")["ctr"]
    )
    ranked = [by_code[f"CTR{rank}"] for rank in range(1, k + 1)]
    assert ranked == sorted(ranked, reverse=True), "CTR1 is the highest-CTR segment"
    selection = warehouse.execute(
        "select count(*), count(*) filter (where is_chosen) from marts.seg_ad_users__k_selection"
    ).fetchall()[0]
    assert selection == (9, 1), "the sweep covers k = 2..10 and chooses one"
