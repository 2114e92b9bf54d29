"""The validation job end to end on a tiny warehouse + manifest built in tmp_path.

The warehouse file is named ``tiny.duckdb`` while the manifest says database ``audience``: the job must
resolve relations from the manifest and attach the file under that name.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from python_jobs.paths import PROJECT_ROOT
from python_jobs.validation.cli import main

DATABASE = "audience"
GEO_CODES = ["2A", "2B", "2Z"]


def _node(name: str, meta: dict[str, Any] | None = None, legacy_meta: bool = False) -> dict[str, Any]:
    validation = {"validation": meta} if meta is not None else {}
    return {
        "unique_id": f"model.audience_segmentation.{name}",
        "resource_type": "model",
        "package_name": "audience_segmentation",
        "name": name,
        "database": DATABASE,
        "schema": "marts",
        "alias": name,
        "config": {"meta": {} if legacy_meta else validation},
        "meta": validation if legacy_meta else {},
    }


def write_manifest(path: Path, nodes: list[dict[str, Any]]) -> Path:
    path.write_text(
        json.dumps({"metadata": {"dbt_version": "1.11"}, "nodes": {n["unique_id"]: n for n in nodes}})
    )
    return path


GEO_META = {
    "id_column": "contact_id",
    "allowed_codes": GEO_CODES,
    "cohort": {"model": "fct_features", "where": "is_owner and not is_excluded"},
}
ENGINE_META = {"id_column": "contact_id", "cohort": {"model": "fct_features", "where": "is_owner"}}


def build_warehouse(path: Path) -> None:
    """12 contacts: 10 owned and not excluded (seg_geo's cohort), 11 owned (seg_engine's cohort)."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts")
        connection.execute(
            """
            create table marts.fct_features as
            select
                i::bigint as contact_id,
                i <= 11 as is_owner,
                i = 11 as is_excluded,
            from range(1, 13) as t(i)
            """
        )
        connection.execute(
            """
            create table marts.seg_geo as
            select
                i::bigint as contact_id,
                ['2A', '2B', '2Z'][1 + i % 3] as segment_code,
                'name ' || segment_code as segment_name,
                'action ' || segment_code as marketing_action,
            from range(1, 11) as t(i)
            """
        )
        # The engine's layout (python_jobs/segmentation): long profiles and centroids, run_id everywhere.
        connection.execute(
            """
            create table marts.seg_engine as
            select
                i::bigint as contact_id,
                i % 2 as segment_id,
                ['E1', 'E2'][1 + i % 2] as segment_code,
                'engine ' || segment_code as segment_name,
                'act ' || segment_code as marketing_action,
                0.5 as distance_to_centroid,
                'run1' as run_id,
            from range(1, 12) as t(i)
            """
        )
        connection.execute(
            """
            create table marts.seg_engine__profiles as
            with sizes as (
                select
                    segment_id,
                    any_value(segment_code) as segment_code,
                    count(*) as n,
                    count(*) / sum(count(*)) over () as share,
                from marts.seg_engine
                group by segment_id
            )
            select
                'engine' as segmentation, 'run1' as run_id, sizes.*, features.feature, 0.3 as mean,
                null::varchar as name_warning
            from sizes
            cross join (values ('clicks'), ('sessions'), ('forms')) as features(feature)
            """
        )
        connection.execute(
            """
            create table marts.seg_engine__centroids as
            select
                'engine' as segmentation,
                'run1' as run_id,
                segment_id,
                ['E1', 'E2'][1 + segment_id] as segment_code,
                feature,
                0.1 as centroid_scaled,
            from (values (0), (1)) as s(segment_id), (values ('clicks'), ('sessions')) as f(feature)
            """
        )
        connection.execute(
            "create table marts.seg_engine__scaler as "
            "select 'run1' as run_id, * from (values ('clicks', 1.0, 2.0)) as t(feature, center, scale)"
        )
        connection.execute(
            """
            create table marts.seg_engine__k_selection as
            select 'run1' as run_id, k, 1.0 / k as silhouette, 10 + k as restarts_used, k = 2 as is_chosen
            from range(2, 6) as t(k)
            """
        )


@pytest.fixture
def tiny(tmp_path: Path) -> dict[str, Path]:
    warehouse = tmp_path / "tiny.duckdb"
    build_warehouse(warehouse)
    manifest = write_manifest(
        tmp_path / "manifest.json",
        [
            _node("fct_features"),
            _node("seg_geo", GEO_META),
            _node("seg_engine", ENGINE_META, legacy_meta=True),
        ],
    )
    return {"warehouse": warehouse, "manifest": manifest, "reports": tmp_path / "reports"}


Run = Callable[..., tuple[int, str]]


@pytest.fixture
def run(tiny: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> Run:
    def _run(*extra: str) -> tuple[int, str]:
        code = main(
            [
                "--manifest",
                str(tiny["manifest"]),
                "--warehouse",
                str(tiny["warehouse"]),
                "--reports-dir",
                str(tiny["reports"]),
                *extra,
            ]
        )
        captured = capsys.readouterr()
        return code, captured.out + captured.err

    return _run


def execute(warehouse: Path, *statements: str) -> None:
    with duckdb.connect(str(warehouse)) as connection:
        for statement in statements:
            connection.execute(statement)


def failed_expectations(warehouse: Path, suite: str | None = None) -> set[tuple[str, str | None]]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            """
            select expectation_type, column_name
            from audit.validation_results
            where not success
                and run_id = (select arg_max(run_id, validated_at) from audit.validation_results)
                and (? is null or suite_name = ?)
            """,
            [suite, suite],
        ).fetchall()
    return {(row[0], row[1]) for row in rows}


def test_clean_warehouse_passes_writes_results_and_docs(tiny: dict[str, Path], run: Run) -> None:
    code, output = run("--run-id", "first")
    assert code == 0, output
    assert "all 6 suite(s) passed" in output
    # Progress, logged by the runner, is shown by the command line as before.
    assert "  [6/6] seg_geo: 10 rows from audience.marts.seg_geo\n" in output
    for suite in ("seg_geo", "seg_engine", "seg_engine__profiles", "seg_engine__centroids"):
        assert suite in output
    with duckdb.connect(str(tiny["warehouse"]), read_only=True) as connection:
        rows = connection.execute(
            "select suite_name, expectation_type, column_name, success, kwargs_json, observed_value "
            "from audit.validation_results"
        ).fetchall()
    # seg_geo 8, seg_engine 8 + one run; profiles 4, centroids 1, scaler 1, k_selection 3, each + same run.
    assert len(rows) == 30
    assert all(row[3] for row in rows)
    row_count = next(r for r in rows if r[0] == "seg_geo" and r[1] == "expect_table_row_count_to_equal")
    assert json.loads(row_count[4])["value"] == 10
    assert json.loads(row_count[5]) == 10
    in_set = next(r for r in rows if r[0] == "seg_engine" and r[1] == "expect_column_values_to_be_in_set")
    assert json.loads(in_set[4])["value_set"] == ["E1", "E2"]  # taken from seg_engine__profiles
    docs = tiny["reports"] / "data_docs"
    assert (docs / "index.html").is_file()
    assert "seg_geo" in (docs / "index.html").read_text()
    assert (docs / "expectations" / "seg_engine__k_selection.html").is_file()
    assert len(list((docs / "validations" / "seg_geo" / "first").rglob("*.html"))) == 1


def test_results_are_appended_per_run(tiny: dict[str, Path], run: Run) -> None:
    assert run("--run-id", "one", "--no-data-docs")[0] == 0
    assert run("--run-id", "two", "--no-data-docs")[0] == 0
    with duckdb.connect(str(tiny["warehouse"]), read_only=True) as connection:
        counts = connection.execute(
            "select run_id, count(*) from audit.validation_results group by run_id order by run_id"
        ).fetchall()
    assert counts == [("one", 30), ("two", 30)]
    assert not (tiny["reports"] / "data_docs").exists()


CORRUPTIONS = {
    "duplicate id": (
        "insert into marts.seg_geo select * from marts.seg_geo where contact_id = 3",
        {("expect_column_values_to_be_unique", "contact_id"), ("expect_table_row_count_to_equal", None)},
    ),
    "null id": (
        "update marts.seg_geo set contact_id = null where contact_id = 4",
        {("expect_column_values_to_not_be_null", "contact_id")},
    ),
    "unknown code": (
        "update marts.seg_geo set segment_code = '2Q' where contact_id = 4",
        {("expect_column_values_to_be_in_set", "segment_code")},
    ),
    "missing segment": (
        "update marts.seg_geo set segment_code = '2A' where segment_code = '2B'",
        {("expect_column_distinct_values_to_contain_set", "segment_code")},
    ),
    "row count differs from cohort": (
        "delete from marts.seg_geo where contact_id = 1",
        {("expect_table_row_count_to_equal", None)},
    ),
    "null label": (
        "update marts.seg_geo set marketing_action = null where contact_id = 5",
        {("expect_column_values_to_not_be_null", "marketing_action")},
    ),
}


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_each_corruption_fails_the_right_expectation(
    tiny: dict[str, Path], run: Run, corruption: str
) -> None:
    statement, expected = CORRUPTIONS[corruption]
    execute(tiny["warehouse"], statement)
    code, output = run("--no-data-docs")
    assert code == 1, output
    assert failed_expectations(tiny["warehouse"]) == expected
    for expectation_type, column in expected:
        named = f"seg_geo: {expectation_type}" + (f"({column})" if column else "")
        assert named in output, output


def test_cohort_change_fails_row_count(tiny: dict[str, Path], run: Run) -> None:
    execute(tiny["warehouse"], "update marts.fct_features set is_excluded = true where contact_id = 2")
    code, output = run("--no-data-docs")
    assert code == 1
    assert failed_expectations(tiny["warehouse"], "seg_geo") == {("expect_table_row_count_to_equal", None)}
    assert '"value": 9' in output


def test_missing_column_is_named(tiny: dict[str, Path], run: Run) -> None:
    execute(tiny["warehouse"], "alter table marts.seg_geo drop column segment_name")
    code, output = run("--no-data-docs")
    assert code == 1
    assert failed_expectations(tiny["warehouse"]) == {("expect_column_values_to_not_be_null", "segment_name")}
    assert 'The column "segment_name" in BatchData does not exist' in output


SIDE_CORRUPTIONS = {
    "profile sizes": (
        "update marts.seg_engine__profiles set n = n + 1 where segment_id = 0",
        "seg_engine__profiles",
        {("expect_column_sum_to_be_between", "n")},
    ),
    "profile shares": (
        "update marts.seg_engine__profiles set share = share + 0.01 where segment_id = 0",
        "seg_engine__profiles",
        {("expect_column_sum_to_be_between", "share")},
    ),
    "centroid count": (
        "delete from marts.seg_engine__centroids where segment_id = 1",
        "seg_engine__centroids",
        {("expect_column_unique_value_count_to_be_between", "segment_id")},
    ),
    "two chosen k": (
        "update marts.seg_engine__k_selection set is_chosen = true where k = 3",
        "seg_engine__k_selection",
        {("expect_column_sum_to_be_between", "is_chosen"), ("expect_column_values_to_be_in_set", "k")},
    ),
    "chosen k differs from the profiled segments": (
        "update marts.seg_engine__k_selection set is_chosen = (k = 3)",
        "seg_engine__k_selection",
        {("expect_column_values_to_be_in_set", "k")},
    ),
    "no chosen k": (
        "update marts.seg_engine__k_selection set is_chosen = false",
        "seg_engine__k_selection",
        {("expect_column_sum_to_be_between", "is_chosen")},
    ),
    "profile size differs within a segment": (
        "update marts.seg_engine__profiles set n = n + 1 where segment_id = 0 and feature = 'forms'",
        "seg_engine__profiles",
        {
            ("expect_column_values_to_be_unique", "segment_id"),
            ("expect_column_sum_to_be_between", "n"),
            ("expect_column_sum_to_be_between", "share"),
        },
    ),
    "stale side table": (
        "update marts.seg_engine__centroids set run_id = 'run0'",
        "seg_engine__centroids",
        {("expect_column_values_to_be_in_set", "run_id")},
    ),
    "missing side table": (
        "drop table marts.seg_engine__centroids",
        "seg_engine__centroids",
        {("table_exists", None)},
    ),
    # Only the engine's spelling counts: another name for a contracted column is a missing column.
    "profile size under another name": (
        "alter table marts.seg_engine__profiles rename column n to size",
        "seg_engine__profiles",
        {("expect_column_sum_to_be_between", "n")},
    ),
    "chosen flag under another name": (
        "alter table marts.seg_engine__k_selection rename column is_chosen to chosen",
        "seg_engine__k_selection",
        {("expect_column_sum_to_be_between", "is_chosen"), ("expect_column_values_to_be_in_set", "k")},
    ),
}


@pytest.mark.parametrize("corruption", list(SIDE_CORRUPTIONS))
def test_engine_side_table_checks(tiny: dict[str, Path], run: Run, corruption: str) -> None:
    statement, suite, expected = SIDE_CORRUPTIONS[corruption]
    execute(tiny["warehouse"], statement)
    code, output = run("--no-data-docs")
    assert code == 1, output
    assert failed_expectations(tiny["warehouse"]) == expected
    assert failed_expectations(tiny["warehouse"], suite) == expected


def test_engine_table_from_two_runs_fails(tiny: dict[str, Path], run: Run) -> None:
    execute(tiny["warehouse"], "update marts.seg_engine set run_id = 'run0' where contact_id = 1")
    assert run("--no-data-docs")[0] == 1
    # The side tables now hold one of the table's two runs, so only the table's own check fails.
    assert failed_expectations(tiny["warehouse"]) == {
        ("expect_column_unique_value_count_to_be_between", "run_id")
    }


def test_engine_codes_come_from_profiles(tiny: dict[str, Path], run: Run) -> None:
    # A code present in the table but absent from the profile table is unknown.
    execute(tiny["warehouse"], "update marts.seg_engine set segment_code = 'E9' where contact_id = 1")
    assert run("--no-data-docs")[0] == 1
    assert failed_expectations(tiny["warehouse"], "seg_engine") == {
        ("expect_column_values_to_be_in_set", "segment_code")
    }


def _engine_allowed(tiny: dict[str, Path], codes: list[str]) -> None:
    write_manifest(
        tiny["manifest"],
        [
            _node("fct_features"),
            _node("seg_geo", GEO_META),
            _node("seg_engine", {**ENGINE_META, "allowed_codes": codes}),
        ],
    )


def test_engine_allowed_codes_may_exceed_this_runs_k(tiny: dict[str, Path], run: Run) -> None:
    # k came from a range: the YAML lists every code the ranking can produce, this run made two.
    _engine_allowed(tiny, ["E1", "E2", "E3", "E4", "E5"])
    code, output = run("--no-data-docs")
    assert code == 0, output


def test_engine_profile_code_outside_allowed_codes_fails(tiny: dict[str, Path], run: Run) -> None:
    _engine_allowed(tiny, ["E1", "E3"])
    assert run("--no-data-docs")[0] == 1
    assert failed_expectations(tiny["warehouse"], "seg_engine") == {
        ("expect_column_values_to_be_in_set", "segment_code")
    }


def test_engine_empty_profiled_segment_fails(tiny: dict[str, Path], run: Run) -> None:
    _engine_allowed(tiny, ["E1", "E2", "E3"])
    execute(tiny["warehouse"], "update marts.seg_engine set segment_code = 'E1', segment_id = 1")
    assert run("--no-data-docs")[0] == 1
    assert ("expect_column_distinct_values_to_contain_set", "segment_code") in failed_expectations(
        tiny["warehouse"], "seg_engine"
    )


def test_missing_segment_table_fails(tiny: dict[str, Path], run: Run) -> None:
    execute(tiny["warehouse"], "drop table marts.seg_geo")
    code, output = run("--no-data-docs")
    assert code == 1
    assert "table audience.marts.seg_geo not found" in output
    assert failed_expectations(tiny["warehouse"]) == {("table_exists", None)}


def test_select_limits_models(tiny: dict[str, Path], run: Run) -> None:
    execute(tiny["warehouse"], "drop table marts.seg_engine")
    code, output = run("--select", "seg_geo", "--no-data-docs")
    assert code == 0, output
    assert "all 1 suite(s) passed" in output
    code, output = run("--select", "seg_nope", "--no-data-docs")
    assert code == 2
    assert "seg_nope" in output


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({**GEO_META, "alowed_codes": ["2A"]}, "unknown key(s) ['alowed_codes']"),
        ({"allowed_codes": GEO_CODES, "cohort": GEO_META["cohort"]}, "id_column: required"),
        ({**GEO_META, "cohort": {"model": "fct_nope"}}, "cohort model 'fct_nope' is not a model"),
        ({**GEO_META, "cohort": {"model": "fct_features", "where": "no_such_column"}}, "cannot count cohort"),
        ({"id_column": "contact_id", "cohort": {"model": "fct_features"}}, "allowed_codes: required unless"),
    ],
)
def test_configuration_errors_exit_2(
    tiny: dict[str, Path], run: Run, meta: dict[str, Any], message: str
) -> None:
    write_manifest(tiny["manifest"], [_node("fct_features"), _node("seg_geo", meta)])
    code, output = run("--no-data-docs")
    assert code == 2
    assert message in output
    assert "seg_geo" in output


def test_missing_inputs_and_empty_manifest(tiny: dict[str, Path], run: Run, tmp_path: Path) -> None:
    code, output = run("--manifest", str(tmp_path / "absent.json"))
    assert code == 2
    assert "dbt manifest not found" in output
    code, output = run("--warehouse", str(tmp_path / "absent.duckdb"))
    assert code == 2
    assert "warehouse not found" in output
    write_manifest(tiny["manifest"], [_node("fct_features")])
    assert run()[0] == 2
    assert run("--allow-empty")[0] == 0


def test_foreign_docs_folder_is_not_replaced(tiny: dict[str, Path], run: Run) -> None:
    notes = tiny["reports"] / "data_docs" / "notes.txt"
    notes.parent.mkdir(parents=True)
    notes.write_text("not a Data Docs site")
    code, output = run()
    assert code == 2
    assert "refusing to replace it" in output
    assert notes.read_text() == "not a Data Docs site"
    with duckdb.connect(str(tiny["warehouse"]), read_only=True) as connection:
        audit = connection.execute(
            "select count(*) from information_schema.tables where table_schema = 'audit'"
        )
        assert audit.fetchall() == [(0,)]


def test_module_entry_point_exit_codes(tmp_path: Path) -> None:
    def module(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "python_jobs.validation", *args],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )

    assert module("--help").returncode == 0
    assert module("--no-such-flag").returncode == 2
    missing = module("--manifest", str(tmp_path / "absent.json"))
    assert missing.returncode == 2
    assert "dbt manifest not found" in missing.stderr


def test_an_unsupported_seed_name_is_a_warning_not_a_failure(tiny: dict[str, Path], run: Run) -> None:
    warning = "engine segment E1: labels name ''LinkedIn Networkers'' not applied, ''LinkedIn'' claims ..."
    execute(
        tiny["warehouse"],
        f"update marts.seg_engine__profiles set name_warning = '{warning}' where segment_id = 0",
    )
    code, output = run("--no-data-docs")
    assert code == 0, output
    assert (
        "WARNING: 1 expectation(s) of severity warning failed" in output and "LinkedIn Networkers" in output
    )
    with duckdb.connect(str(tiny["warehouse"]), read_only=True) as connection:
        rows = connection.execute(
            "select severity, success, observed_value from audit.validation_results "
            "where column_name = 'name_warning'"
        ).fetchall()
    assert len(rows) == 1 and rows[0][:2] == ("warning", False) and "LinkedIn Networkers" in rows[0][2]
