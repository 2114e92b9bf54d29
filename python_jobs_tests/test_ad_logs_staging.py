"""Ad-log staging on crafted small files: every bad-input case is rejected or coerced and counted, and the
incremental impressions model equals a full refresh after a new day's file (with late rows) arrives.

Each test builds its own tiny warehouse with dbt under tmp_path, so it does not need the fixture warehouse.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from python_jobs.dbt_cli import dbt_env, run_dbt
from python_jobs.generate import ad_logs

DAY_1 = 1_494_000_000  # 2017-05-06 00:00:00 UTC+8

GOOD_IMPRESSIONS = [
    f"1,{DAY_1 + 10},11,430548_1007,1,0",
    f"1,{DAY_1 + 20},12,430539_1007,0,1",
    f"2,{DAY_1 + 86_400 + 5},11,430548_1007,1,0",
    f"2,{DAY_1 + 86_400 + 5},11,430548_1007,1,0",  # exact duplicate of the row above
    f"6,{DAY_1 + 100},12,430548_1007,1,0",  # user 6 has no profile: kept, counted
]
RAW_SAMPLE_COLUMNS = ("user", "time_stamp", "adgroup_id", "pid", "nonclk", "clk")
# The raw column each raw_sample reason names in stg_ad_logs__rejects.reject_column.
RAW_SAMPLE_REJECT_COLUMNS = {
    "non_integer_user_id": "user",
    "negative_user_id": "user",
    "non_integer_adgroup_id": "adgroup_id",
    "negative_adgroup_id": "adgroup_id",
    "non_integer_time_stamp": "time_stamp",
    "time_stamp_outside_window": "time_stamp",
    "missing_pid": "pid",
    "clk_not_0_or_1": "clk",
    "nonclk_not_0_or_1": "nonclk",
    "clk_plus_nonclk_not_1": "nonclk,clk",
}
BAD_IMPRESSIONS = {
    f"12.5,{DAY_1},11,430548_1007,1,0": "non_integer_user_id",
    f"abc,{DAY_1},11,430548_1007,1,0": "non_integer_user_id",
    f",{DAY_1},11,430548_1007,1,0": "non_integer_user_id",
    f"-5,{DAY_1},11,430548_1007,1,0": "negative_user_id",
    f"3,{DAY_1},-1,430548_1007,1,0": "negative_adgroup_id",
    f"3,{DAY_1},1.5,430548_1007,1,0": "non_integer_adgroup_id",
    f"3,{DAY_1 - 1},11,430548_1007,1,0": "time_stamp_outside_window",
    f"3,{DAY_1 + 8 * 86_400},11,430548_1007,1,0": "time_stamp_outside_window",
    "3,yesterday,11,430548_1007,1,0": "non_integer_time_stamp",
    f"3,{DAY_1},11,,1,0": "missing_pid",
    f"3,{DAY_1},11,430548_1007,0,2": "clk_not_0_or_1",
    f"3,{DAY_1},11,430548_1007,x,0": "nonclk_not_0_or_1",
    f"3,{DAY_1},11,430548_1007,1,1": "clk_plus_nonclk_not_1",
    f"3,{DAY_1},11,430548_1007,0,0": "clk_plus_nonclk_not_1",
}
PROFILE_HEADER = (
    "userid,cms_segid,cms_group_id,final_gender_code,age_level,pvalue_level,shopping_level,"
    "occupation,new_user_class_level "
)
PROFILES = {
    "1,0,5,2,5,,3,0,3": None,  # blank pvalue_level: kept, counted
    "2,0,5,1,3,2,3,1,NULL": None,  # literal NULL new_user_class_level: kept, counted
    "-3,0,5,1,3,2,3,0,2": "negative_user_id",
    "4,0,5,1,x,2,3,0,2": "non_integer_age_level",
    "5,0,5,1,3,2,3,0,2": "duplicate_user_id",
    "5,0,5,2,3,2,3,0,2": "duplicate_user_id",
}
ADS = {
    "11,100,1000,500,NULL,25.5": None,  # literal NULL brand: kept, counted
    "12,101,1001,501,77,10.0": None,
    "1.5,101,1001,501,77,10.0": "non_integer_adgroup_id",
    "13,101,1001,501,77,-4": "negative_price",
}
BEHAVIOUR = {
    f"1,{DAY_1 + 30},pv,100,77": None,
    f"1,{DAY_1 + 40},buy,100,77": None,
    f"2,{DAY_1 + 50},cart,101,": None,
    f"2,{DAY_1 + 60},zzz,101,77": "unknown_btag",
    f",{DAY_1 + 70},pv,101,77": "non_integer_user_id",
    f"7,{DAY_1 + 80},pv,100,77": None,  # user 7 has no impression: counted, not in the features
}


def _dbt(work: Path, raw_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = dbt_env(raw_dir=raw_dir, duckdb_path=work / "audience.duckdb", target_dir=work / "target")
    completed = run_dbt(arguments, env)
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    return completed


def _write_csv(path: Path, header: str, rows: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([header, *rows]) + "\n")


@pytest.fixture(scope="module")
def bad_input_work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built by dbt from the crafted bad files (CSV layout); returns its work folder."""
    work = tmp_path_factory.mktemp("ad_logs_bad_input")
    raw = work / "raw" / "ad_logs"
    header = "user,time_stamp,adgroup_id,pid,nonclk,clk"
    _write_csv(
        raw / "raw_sample" / "raw_sample_2017-05-06.csv", header, [*GOOD_IMPRESSIONS, *BAD_IMPRESSIONS]
    )
    _write_csv(raw / "user_profile.csv", PROFILE_HEADER, list(PROFILES))
    _write_csv(raw / "ad_feature.csv", "adgroup_id,cate_id,campaign_id,customer,brand,price", list(ADS))
    _write_csv(raw / "behavior_log.csv", "user,time_stamp,btag,cate,brand", list(BEHAVIOUR))
    _dbt(
        work,
        work / "raw",
        "build",
        "--select",
        "path:seeds/ad_logs",
        "path:models/staging/ad_logs",
        "path:models/intermediate/ad_logs",
        "feat_ad_logs_users",
        "fct_ad_logs_data_quality_checks",
        "path:tests/ad_logs",
        "--indirect-selection",  # not the tests that also read seg_ad_users, which is not built here
        "cautious",
        "--vars",
        "{ad_logs_file_format: csv}",
    )
    return work


@pytest.fixture
def bad_input_warehouse(bad_input_work: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(bad_input_work / "audience.duckdb"), read_only=True)
    yield connection
    connection.close()


def _expected_counts() -> dict[tuple[str, str], int]:
    expected: dict[tuple[str, str], int] = {("raw_sample", "duplicate_impression"): 1}
    for table, rows in (
        ("raw_sample", BAD_IMPRESSIONS),
        ("user_profile", PROFILES),
        ("ad_feature", ADS),
        ("behavior_log", BEHAVIOUR),
    ):
        for reason in rows.values():
            if reason is not None:
                expected[(table, reason)] = expected.get((table, reason), 0) + 1
    return expected


def test_every_bad_row_is_rejected_with_its_reason(bad_input_warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = bad_input_warehouse.execute(
        "select source_table, reject_reason, count(*) from staging.stg_ad_logs__rejects group by all"
    ).fetchall()
    assert {(table, reason): count for table, reason, count in rows} == _expected_counts()


def test_rejected_impressions_carry_their_raw_values(bad_input_warehouse: duckdb.DuckDBPyConnection) -> None:
    """Each bad raw_sample row is listed with its file, the raw column of its first defect as the file names
    it and that raw value (a blank CSV field reads as null); CSV rows have no row number (DuckDB's CSV
    reader gives none)."""
    rows = bad_input_warehouse.execute(
        "select source_file, source_row_number, reject_column, rejected_value, reject_reason "
        "from staging.stg_ad_logs__rejects "
        "where source_table = 'raw_sample' and reject_reason != 'duplicate_impression'"
    ).fetchall()
    expected = []
    for line, reason in BAD_IMPRESSIONS.items():
        fields = dict(zip(RAW_SAMPLE_COLUMNS, line.split(","), strict=True))
        column = RAW_SAMPLE_REJECT_COLUMNS[reason]
        value = ",".join(fields[name] for name in column.split(",")) or None
        expected.append((column, value, reason))
    assert Counter(row[2:] for row in rows) == Counter(expected)
    assert {Path(row[0]).name for row in rows} == {"raw_sample_2017-05-06.csv"}
    assert {row[1] for row in rows} == {None}


def test_rejects_of_every_file_name_the_raw_column_and_value(
    bad_input_warehouse: duckdb.DuckDBPyConnection,
) -> None:
    rows = bad_input_warehouse.execute(
        "select source_table, reject_column, rejected_value, reject_reason from staging.stg_ad_logs__rejects "
        "where source_table != 'raw_sample'"
    ).fetchall()
    assert Counter(rows) == Counter(
        [
            ("user_profile", "userid", "-3", "negative_user_id"),
            ("user_profile", "age_level", "x", "non_integer_age_level"),
            ("user_profile", "userid", "5", "duplicate_user_id"),
            ("user_profile", "userid", "5", "duplicate_user_id"),
            ("ad_feature", "adgroup_id", "1.5", "non_integer_adgroup_id"),
            ("ad_feature", "price", "-4", "negative_price"),
            ("behavior_log", "btag", "zzz", "unknown_btag"),
            ("behavior_log", "user", None, "non_integer_user_id"),
        ]
    )


def test_good_rows_are_kept_and_duplicates_collapsed(bad_input_warehouse: duckdb.DuckDBPyConnection) -> None:
    impressions = bad_input_warehouse.execute(
        "select user_id, adgroup_id, pid, display_date::varchar, is_clicked, raw_row_count "
        "from staging.stg_ad_logs__impressions join staging.stg_ad_logs__positions using (pid_key) "
        "order by all"
    ).fetchall()
    assert impressions == [
        (1, 11, "430548_1007", "2017-05-06", False, 1),
        (1, 12, "430539_1007", "2017-05-06", True, 1),
        (2, 11, "430548_1007", "2017-05-07", False, 2),
        (6, 12, "430548_1007", "2017-05-06", False, 1),
    ]
    raw_rows = len(GOOD_IMPRESSIONS) + len(BAD_IMPRESSIONS)
    kept = bad_input_warehouse.execute(
        "select sum(raw_row_count) from staging.stg_ad_logs__impressions"
    ).fetchall()[0][0]
    rejected = bad_input_warehouse.execute(
        "select count(*) from staging.stg_ad_logs__rejects "
        "where source_table = 'raw_sample' and reject_reason != 'duplicate_impression'"
    ).fetchall()[0][0]
    assert kept + rejected == raw_rows, "no raw row is dropped silently"


def test_blank_and_null_fields_are_coerced_and_counted(
    bad_input_warehouse: duckdb.DuckDBPyConnection,
) -> None:
    profiles = bad_input_warehouse.execute(
        "select user_id, pvalue_level, new_user_class_level "
        "from staging.stg_ad_logs__user_profiles order by 1"
    ).fetchall()
    assert profiles == [(1, None, 3), (2, 2, None)]
    brands = bad_input_warehouse.execute(
        "select adgroup_id, brand_id from staging.stg_ad_logs__ad_features order by 1"
    ).fetchall()
    assert brands == [(11, None), (12, 77)]
    counts = dict(
        bad_input_warehouse.execute(
            "select source_table || '.' || check_name, row_count from marts.fct_ad_logs_data_quality_checks"
        ).fetchall()
    )
    assert counts["user_profile.blank_pvalue_level"] == 1
    assert counts["user_profile.blank_new_user_class_level"] == 1
    assert counts["ad_feature.null_brand"] == 1
    for (table, reason), expected in _expected_counts().items():
        assert counts[f"{table}.{reason}"] == expected
    assert counts["raw_sample.negative_adgroup_id"] == 1
    assert counts["behavior_log.negative_user_id"] == 0, "checks that caught nothing are listed with 0"


def test_feature_mart_coverage_is_counted(bad_input_warehouse: duckdb.DuckDBPyConnection) -> None:
    features = bad_input_warehouse.execute(
        "select user_id, has_profile, behaviour_event_count from marts.feat_ad_logs_users order by 1"
    ).fetchall()
    assert features == [(1, True, 2), (2, True, 1), (6, False, 0)]
    counts = dict(
        bad_input_warehouse.execute(
            "select source_table || '.' || check_name, row_count from marts.fct_ad_logs_data_quality_checks "
            "where handling in ('coerced_to_null', 'not_in_features')"
        ).fetchall()
    )
    assert counts["user_profile.missing_profile"] == 1  # user 6
    assert counts["behavior_log.user_without_impressions"] == 1  # user 7's page view


def test_positions_map_every_staged_key_to_its_pid(bad_input_warehouse: duckdb.DuckDBPyConnection) -> None:
    positions = bad_input_warehouse.execute(
        "select pid, pid_key from staging.stg_ad_logs__positions order by pid"
    ).fetchall()
    assert [pid for pid, _ in positions] == ["430539_1007", "430548_1007"], "the missing pid is no position"
    assert len({key for _, key in positions}) == 2
    unmapped = bad_input_warehouse.execute(
        "select count(*) from staging.stg_ad_logs__impressions "
        "anti join staging.stg_ad_logs__positions using (pid_key)"
    ).fetchall()[0][0]
    assert unmapped == 0
    duplicates = bad_input_warehouse.execute(
        "select source_file, source_row_number, reject_column, rejected_value "
        "from staging.stg_ad_logs__rejects where reject_reason = 'duplicate_impression'"
    ).fetchall()
    assert duplicates == [
        (None, None, "user,time_stamp,adgroup_id,pid", f"2,{DAY_1 + 86_400 + 5},11,430548_1007")
    ], "the copy is listed with the key columns and its key, the pid as text"


def test_positions_tests_stop_a_changed_hash_function(bad_input_work: Path, tmp_path: Path) -> None:
    """A pid staged under another key (what an engine upgrade that changes hash() would leave behind)
    fails the unique test on pid; a key shared by two pids (a collision) fails the one on pid_key."""
    work = tmp_path / "work"
    shutil.copytree(bad_input_work, work, ignore=shutil.ignore_patterns("target", "logs"))
    with duckdb.connect(str(work / "audience.duckdb")) as connection:
        connection.execute("insert into staging.stg_ad_logs__positions values ('430548_1007', 1), ('p9', 1)")
    env = dbt_env(raw_dir=work / "raw", duckdb_path=work / "audience.duckdb", target_dir=work / "target")
    completed = run_dbt(
        ["test", "--select", "stg_ad_logs__positions", "--vars", "{ad_logs_file_format: csv}"], env
    )
    assert completed.returncode == 1
    assert "FAIL 1 unique_stg_ad_logs__positions_pid " in completed.stdout
    assert "FAIL 1 unique_stg_ad_logs__positions_pid_key " in completed.stdout


def _key_test_sql(work: Path, all_days: bool) -> str:
    """The compiled key test (``ad_logs_key_test_all_days`` as given), runnable on a copy of the warehouse."""
    if all_days:
        _dbt(
            work,
            work / "raw",
            "compile",
            "--select",
            "assert_ad_logs_impressions_key_is_unique",
            "--vars",
            "{ad_logs_file_format: csv, ad_logs_key_test_all_days: true}",
        )
    compiled = next((work / "target" / "compiled").rglob("assert_ad_logs_impressions_key_is_unique.sql"))
    return compiled.read_text().replace('"audience".', "")


def test_impression_key_test_catches_a_duplicate(bad_input_work: Path, tmp_path: Path) -> None:
    default_sql = _key_test_sql(bad_input_work, all_days=False)
    all_days_sql = _key_test_sql(bad_input_work, all_days=True)
    assert default_sql != all_days_sql
    latest_day = tmp_path / "latest_day.duckdb"
    shutil.copyfile(bad_input_work / "audience.duckdb", latest_day)
    with duckdb.connect(str(latest_day)) as connection:
        assert connection.execute(default_sql).fetchall() == []
        assert connection.execute(all_days_sql).fetchall() == []
        # A duplicate within the days an incremental run re-writes (latest day and lookback) fails.
        connection.execute(
            "insert into staging.stg_ad_logs__impressions "
            "select * from staging.stg_ad_logs__impressions where user_id = 1 limit 1"
        )
        failures = connection.execute(default_sql).fetchall()
        assert len(failures) == 1 and failures[0][0] == 1
    older_day = tmp_path / "older_day.duckdb"
    shutil.copyfile(bad_input_work / "audience.duckdb", older_day)
    with duckdb.connect(str(older_day)) as connection:
        # A key repeated three days before the latest day: outside the default check, caught by all-days.
        connection.execute(
            "create temp table old_day as select * replace (display_date - 3 as display_date, "
            "displayed_epoch_seconds - 3 * 86400 as displayed_epoch_seconds) "
            "from staging.stg_ad_logs__impressions where user_id = 2 limit 1"
        )
        for _ in range(2):
            connection.execute("insert into staging.stg_ad_logs__impressions by name select * from old_day")
        assert connection.execute(default_sql).fetchall() == []
        assert [row[0] for row in connection.execute(all_days_sql).fetchall()] == [2]


def _generate(out: Path, days: int, only_day: int | None = None) -> None:
    parser = argparse.ArgumentParser()
    ad_logs.add_arguments(parser)
    arguments = ["--impressions", "20000", "--days", str(days), "--seed", "11"]
    if only_day is not None:
        arguments += ["--only-day", str(only_day)]
    ad_logs.generate(parser.parse_args(arguments), out)


def _impressions(database: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute("select * from staging.stg_ad_logs__impressions order by all").fetchall()


def _positions(database: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(
            "select pid, pid_key from staging.stg_ad_logs__positions order by all"
        ).fetchall()


def test_incremental_run_appends_a_day_and_equals_a_full_refresh(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _generate(raw / "ad_logs", days=3)
    select = ["--select", "stg_ad_logs__impressions", "stg_ad_logs__positions"]
    _dbt(tmp_path, raw, "run", *select)
    before = _impressions(tmp_path / "audience.duckdb")
    assert {row[3].isoformat() for row in before} == {"2017-05-06", "2017-05-07", "2017-05-08"}

    # The next day's file arrives; it also holds late rows of 2017-05-08 (inside the 1-day lookback).
    _generate(raw / "ad_logs", days=3, only_day=3)
    with duckdb.connect() as connection:
        late_rows = connection.execute(
            f"select count(*) from read_parquet('{raw}/ad_logs/raw_sample/raw_sample_2017-05-09.parquet') "
            f"where time_stamp < {DAY_1 + 3 * 86_400}"
        ).fetchall()[0][0]
    assert late_rows > 0
    window = ["--vars", "{ad_logs_window_end: '2017-05-09'}"]
    _dbt(tmp_path, raw, "run", *select, *window)
    incremental = _impressions(tmp_path / "audience.duckdb")
    incremental_positions = _positions(tmp_path / "audience.duckdb")
    assert len(incremental_positions) == 2, "the new day's pids were known: nothing appended"
    compiled = (
        tmp_path / "target/compiled/audience_segmentation/models/staging/ad_logs/stg_ad_logs__impressions.sql"
    ).read_text()
    assert f"displayed_epoch_seconds >= {DAY_1 + 2 * 86_400}" in compiled, (
        "with a 1-day lookback the incremental run re-processes only the latest loaded day (2017-05-08)"
    )
    assert len(incremental) > len(before)
    assert set(before) <= set(incremental), "earlier days are kept"

    _dbt(tmp_path, raw, "run", *select, *window, "--full-refresh")
    assert _impressions(tmp_path / "audience.duckdb") == incremental
    assert _positions(tmp_path / "audience.duckdb") == incremental_positions


@pytest.mark.parametrize("redelivery", ["broken", "empty", "shorter"])
def test_a_redelivered_day_is_replaced_whole_as_a_full_refresh_gives(tmp_path: Path, redelivery: str) -> None:
    raw = tmp_path / "raw"
    _generate(raw / "ad_logs", days=3)
    select = ["--select", "stg_ad_logs__impressions", "stg_ad_logs__positions"]
    _dbt(tmp_path, raw, "run", *select)
    latest_day = "2017-05-08"
    assert latest_day in {row[3].isoformat() for row in _impressions(tmp_path / "audience.duckdb")}

    # The latest day's file comes back without its clk column (every row rejected), with no rows, or
    # with half its rows: the re-processed day must hold exactly what the new file gives.
    day_file = raw / "ad_logs" / "raw_sample" / f"raw_sample_{latest_day}.parquet"
    rows = {
        "broken": f"select * exclude (clk) from read_parquet('{day_file}')",
        "empty": f"select * from read_parquet('{day_file}') limit 0",
        "shorter": f"select * exclude (n) from (select *, row_number() over () as n "
        f"from read_parquet('{day_file}')) where n % 2 = 0",
    }[redelivery]
    with duckdb.connect() as connection:
        connection.execute(f"create table day as {rows}")
        connection.execute(f"copy day to '{day_file}' (format parquet)")

    # A 2-day lookback re-processes the day before too, whose late rows sit in the re-delivered file, so
    # the whole table must equal a full refresh (a 1-day lookback keeps those late rows by design).
    _dbt(tmp_path, raw, "run", *select, "--vars", "{ad_logs_lookback_days: 2}")
    incremental = _impressions(tmp_path / "audience.duckdb")
    days = {row[3].isoformat() for row in incremental}
    if redelivery == "shorter":
        assert latest_day in days
    else:
        assert latest_day not in days, "a day whose file yields no valid row keeps no old rows"
    _dbt(tmp_path, raw, "run", *select, "--full-refresh")
    assert _impressions(tmp_path / "audience.duckdb") == incremental
