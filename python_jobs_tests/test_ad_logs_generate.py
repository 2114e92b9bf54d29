"""The ad-log generator writes the public Taobao schema exactly, deterministically, day by day."""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from python_jobs.generate import ad_logs

FIRST_DAY_EPOCH = 1_494_000_000


def _args(**overrides: object) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    ad_logs.add_arguments(parser)
    args = parser.parse_args(["--impressions", "20000", "--days", "3", "--seed", "5"])
    for key, value in overrides.items():
        setattr(args, key, value)
    return args


@pytest.fixture(scope="module")
def parquet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ad_logs_parquet")
    ad_logs.generate(_args(), out)
    return out


def test_files_and_exact_public_columns(parquet_dir: Path) -> None:
    days = sorted(path.name for path in (parquet_dir / "raw_sample").iterdir())
    assert days == [f"raw_sample_2017-05-0{day}.parquet" for day in (6, 7, 8)]
    columns = {
        name: pq.read_schema(parquet_dir / f"{name}.parquet").names
        for name in ("user_profile", "ad_feature", "behavior_log")
    }
    assert columns["user_profile"][-1] == "new_user_class_level "
    assert columns["user_profile"][0] == "userid"
    assert columns["ad_feature"] == ["adgroup_id", "cate_id", "campaign_id", "customer", "brand", "price"]
    assert columns["behavior_log"] == ["user", "time_stamp", "btag", "cate", "brand"]
    sample = pq.read_schema(parquet_dir / "raw_sample" / days[0])
    assert sample.names == ["user", "time_stamp", "adgroup_id", "pid", "nonclk", "clk"]
    assert str(sample.field("pid").type) == "string"


def test_shape_of_the_logs(parquet_dir: Path) -> None:
    with duckdb.connect() as connection:
        rows, users, ctr, pids, clk_ok, bad_day = connection.execute(
            f"""
            select count(*), count(distinct "user"), avg(clk), count(distinct pid),
                bool_and(clk + nonclk = 1),
                count(*) filter (
                    where (time_stamp - {FIRST_DAY_EPOCH}) // 86400
                    not in (
                        cast(regexp_extract(filename, '2017-05-0(\\d)', 1) as integer) - 6,
                        cast(regexp_extract(filename, '2017-05-0(\\d)', 1) as integer) - 7
                    )
                )
            from read_parquet('{parquet_dir}/raw_sample/*.parquet', filename = true)
            """
        ).fetchall()[0]
        blank_pvalue, profiles = connection.execute(
            f"select count(*) filter (where pvalue_level is null), count(*) "
            f"from read_parquet('{parquet_dir}/user_profile.parquet')"
        ).fetchall()[0]
        null_brands = connection.execute(
            f"select count(*) from read_parquet('{parquet_dir}/ad_feature.parquet') where brand = 'NULL'"
        ).fetchall()[0][0]
    assert rows == 20_000
    assert users == round(20_000 * ad_logs.USERS_PER_IMPRESSION)
    assert 0.03 < ctr < 0.07
    assert pids == 2
    assert clk_ok
    assert bad_day == 0, "every row belongs to its file's day or (late rows) the day before"
    assert 0.85 < profiles / users < 0.99
    assert 0.4 < blank_pvalue / profiles < 0.7
    assert null_brands > 0


def test_planted_high_ctr_group_exists(parquet_dir: Path) -> None:
    with duckdb.connect() as connection:
        share = connection.execute(
            f"""
            select avg((ctr > 0.2)::int) from (
                select sum(clk) / count(*) as ctr
                from read_parquet('{parquet_dir}/raw_sample/*.parquet')
                group by "user" having count(*) >= 20
            )
            """
        ).fetchall()[0][0]
    assert 0.02 < share < 0.2


def test_deterministic_and_only_day_matches_a_full_generation(parquet_dir: Path, tmp_path: Path) -> None:
    ad_logs.generate(_args(only_day=1), tmp_path)
    written = list((tmp_path / "raw_sample").iterdir())
    assert [path.name for path in written] == ["raw_sample_2017-05-07.parquet"]
    assert pq.read_table(written[0]).equals(pq.read_table(parquet_dir / "raw_sample" / written[0].name))
    assert not (tmp_path / "user_profile.parquet").exists()


def test_csv_layout_has_public_headers_and_blank_levels(tmp_path: Path) -> None:
    ad_logs.generate(_args(format="csv", impressions=3000), tmp_path)
    header = (tmp_path / "user_profile.csv").read_text().splitlines()[0]
    assert header == (
        "userid,cms_segid,cms_group_id,final_gender_code,age_level,pvalue_level,shopping_level,"
        "occupation,new_user_class_level "
    )
    profile_lines = (tmp_path / "user_profile.csv").read_text().splitlines()[1:]
    assert any(",," in line for line in profile_lines), "blank pvalue_level appears as an empty field"
    assert ",NULL," in (tmp_path / "ad_feature.csv").read_text()
    first = (tmp_path / "raw_sample" / "raw_sample_2017-05-06.csv").read_text().splitlines()[:2]
    assert first[0] == "user,time_stamp,adgroup_id,pid,nonclk,clk"
    assert first[1].split(",")[3] in ad_logs.PIDS


def test_scales_and_bad_sizes() -> None:
    assert ad_logs.target_impressions(_args(impressions=None, scale="full")) == 26_000_000
    assert ad_logs.target_impressions(_args(impressions=None, scale="small")) == 1_600_000
    with pytest.raises(ValueError, match="at least 1000"):
        ad_logs.target_impressions(_args(impressions=10))
