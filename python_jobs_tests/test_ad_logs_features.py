"""The ad-log marts of the built fixture warehouse: the SQL feature mart equals an independent pandas
computation from the same raw files, and seg_ad_users has the segment-table shape the contract asks for."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from python_jobs.benchmark import reference
from python_jobs.dbt_cli import dbt_env, run_dbt

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
    actual = warehouse.execute("select * from marts.fct_ad_user_features").df().set_index("user_id")
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
    features = warehouse.execute("select count(*) from marts.fct_ad_user_features").fetchall()[0][0]
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
            "join marts.fct_ad_user_features as features using (user_id) group by segment_code"
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


USER_ROW_GROUPS = """
    select
        row_group_id,
        min(cast(stats['min'] as bigint)) as low,
        max(cast(stats['max'] as bigint)) as high
    from pragma_storage_info('staging.stg_ad_logs__impressions')
    where column_name = 'user_id' and segment_type != 'VALIDITY'
    group by row_group_id
    order by row_group_id
"""


def test_user_ordered_impressions_and_user_id_ranges(
    fixture_warehouse: Path, scratch_warehouse: Path, tmp_path: Path
) -> None:
    """With ad_logs_user_buckets > 1 a full refresh writes stg_ad_logs__impressions in user order (each row
    group's user_id range starts where the previous one ended, so a range filter reads only its own row
    groups); integer_ranges splits min..max of user_id into contiguous ranges; the user aggregate is the
    same table in 3 ranges over the ordered rows as in the default single pass."""
    env = dbt_env(
        raw_dir=fixture_warehouse.parent / "raw",
        duckdb_path=scratch_warehouse,
        target_dir=tmp_path / "target",
    )
    query = "select * from intermediate.int_ad_user_impressions_aggregated order by user_id"
    with duckdb.connect(str(scratch_warehouse), read_only=True) as connection:
        expected = connection.execute(query).df()
    # The fixture's table is in no particular order (default: one pass) and may hold incremental runs.
    rebuilt = run_dbt(
        [
            "run",
            "--select",
            "stg_ad_logs__impressions",
            "--full-refresh",
            "--vars",
            "{ad_logs_user_buckets: 3}",
        ],
        env,
    )
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:]
    with duckdb.connect(str(scratch_warehouse), read_only=True) as connection:
        row_groups = connection.execute(USER_ROW_GROUPS).fetchall()
        low, high = connection.execute(
            "select min(user_id), max(user_id) from staging.stg_ad_logs__impressions"
        ).fetchall()[0]
    assert len(row_groups) > 1, "the fixture's impressions fit one row group: nothing to check"
    assert all(row_groups[i][2] <= row_groups[i + 1][1] for i in range(len(row_groups) - 1)), row_groups

    inline = (
        'select \'{{ tojson(integer_ranges(ref("stg_ad_logs__impressions"), "user_id", 3)) }}\' as ranges'
    )
    shown = run_dbt(["--quiet", "show", "--inline", inline, "--output", "json"], env)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    ranges = json.loads(json.loads(shown.stdout[shown.stdout.index("{") :])["show"][0]["ranges"])
    assert len(ranges) == 3 and ranges[0][0] == low and ranges[-1][1] == high
    assert all(ranges[i][1] + 1 == ranges[i + 1][0] for i in range(len(ranges) - 1))

    for buckets in (1, 3):
        vars_ = f"{{ad_logs_user_buckets: {buckets}}}"
        completed = run_dbt(["run", "--select", "int_ad_user_impressions_aggregated", "--vars", vars_], env)
        assert completed.returncode == 0, completed.stdout[-3000:]
        with duckdb.connect(str(scratch_warehouse), read_only=True) as connection:
            actual = connection.execute(query).df()
        pd.testing.assert_frame_equal(actual, expected, check_exact=True)
