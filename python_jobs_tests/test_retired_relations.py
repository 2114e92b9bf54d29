"""A warehouse built before a rename keeps no stale copy: the on-run-start hook drops retired relations
(and only those) before anything builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from python_jobs.dbt_cli import run_dbt, work_dir_env


def test_retired_relations_are_dropped_and_current_ones_kept(fixture_warehouse: Path, tmp_path: Path) -> None:
    shutil.copyfile(fixture_warehouse, tmp_path / "audience.duckdb")
    with duckdb.connect(str(tmp_path / "audience.duckdb")) as connection:
        connection.execute("create table marts.fct_learner_features as select 1 as learner_id")
        connection.execute("create view intermediate.int_web_events_rejected as select 1 as row_number")
        connection.execute("create table reference.learner_regions as select 0 as region_code")
    # Any invocation that builds runs the hook first; reloading one seed is the smallest.
    completed = run_dbt(["seed", "--select", "learners_regions"], work_dir_env(tmp_path))
    assert completed.returncode == 0, completed.stdout[-4000:]
    assert 'dropping retired table "audience"."marts"."fct_learner_features"' in completed.stdout
    with duckdb.connect(str(tmp_path / "audience.duckdb"), read_only=True) as connection:
        names = {
            (schema, name)
            for schema, name in connection.execute(
                "select schema_name, table_name from duckdb_tables() "
                "union all select schema_name, view_name from duckdb_views() where not internal"
            ).fetchall()
        }
    assert not names & {
        ("marts", "fct_learner_features"),
        ("intermediate", "int_web_events_rejected"),
        ("reference", "learner_regions"),
    }
    assert {("marts", "feat_learners"), ("marts", "seg_learners"), ("reference", "learners_regions")} <= names
