"""Course-platform learners end to end through dbt, on a private warehouse built from a small export.

The export gets deliberately bad lines (non-numeric minutes and CLV, negative minutes, unknown region and
channel codes) and a blank-minutes line. Marked ``dbt``: each build takes tens of seconds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from python_jobs import dbt_cli, reports
from python_jobs.dbt_cli import work_dir_env
from python_jobs.generate import learners as learners_generator
from python_jobs.segmentation.plots import read_plot_inputs

pytestmark = pytest.mark.dbt

SELECTION = [
    "path:seeds/learners",
    "path:models/staging/learners",
    "path:models/marts/learners",
    "path:models/reference",
]
# Cautious: the side-table tests of other sources' segment tables also read the contract model, and would be
# selected with it (dbt's default, eager) although their segment tables are not built here.
BUILD_SELECTION = ["--select", *SELECTION, "--indirect-selection", "cautious"]
GOOD_ROWS = 1200
BAD_LINES = {
    # line appended to the export -> expected reject reason
    "abc,10,0,1": "minutes_watched is not a number",
    "-5,10,0,1": "minutes_watched is negative",
    "10,ten,0,1": "CLV is not a number",
    "10,10,7,1": "region is not a known region code (seed learners_regions)",
    "10,10,0,9": "channel is not a known channel code (seed learners_channels)",
}
BLANK_MINUTES_LINE = ",55.5,1,3"


def run_dbt(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return dbt_cli.run_dbt(args, work_dir_env(root))


def copy_built(built: Path, root: Path) -> None:
    """A private copy of the built work dir's raw files and warehouse under ``root``."""
    shutil.copytree(built / "raw", root / "raw")
    shutil.copyfile(built / "audience.duckdb", root / "audience.duckdb")


def node_statuses(root: Path) -> dict[str, str]:
    results = json.loads((root / "target" / "run_results.json").read_text())["results"]
    return {result["unique_id"].split(".")[2]: result["status"] for result in results}


def status_of(statuses: dict[str, str], prefix: str) -> str:
    """Status of the one node whose name starts with ``prefix`` (generic test names carry their arguments)."""
    matching = [status for name, status in statuses.items() if name.startswith(prefix)]
    assert len(matching) == 1, f"{len(matching)} nodes named {prefix}*: {sorted(statuses)}"
    return matching[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("learners_dbt")
    export = learners_generator.generate(
        argparse.Namespace(rows=GOOD_ROWS, seed=7), root / "raw" / "learners"
    )[0]
    with export.open("a") as handle:
        for line in [*BAD_LINES, BLANK_MINUTES_LINE]:
            handle.write(line + "\n")
    completed = run_dbt(root, "build", *BUILD_SELECTION)
    assert completed.returncode == 0, completed.stdout[-4000:]
    assert not (root / "reports" / "learners").exists()  # the models write no files
    assert reports.main(["--warehouse", str(root / "audience.duckdb"), "--out", str(root / "reports")]) == 0
    return root


def test_bad_lines_go_to_rejects_with_their_reason(built: Path) -> None:
    with duckdb.connect(str(built / "audience.duckdb"), read_only=True) as connection:
        rejects = connection.execute(
            "select source_row_number, reject_reason from staging.stg_learners__rejects "
            "order by source_row_number"
        ).fetchall()
        valid = connection.execute("select count(*) from staging.stg_learners__learners").fetchall()[0][0]
        blank = connection.execute(
            "select minutes_watched, is_minutes_blank from staging.stg_learners__learners "
            "where learner_id = ?",
            [GOOD_ROWS + len(BAD_LINES) + 1],
        ).fetchall()
    # Rows are numbered among data lines (not the header): the first appended line is row GOOD_ROWS + 1.
    expected = [(GOOD_ROWS + 1 + offset, reason) for offset, reason in enumerate(BAD_LINES.values())]
    assert rejects == expected
    assert valid == GOOD_ROWS + 1
    assert blank == [(0.0, True)]


def test_segmentation_built_with_side_tables_plots_and_sql_scoring(built: Path) -> None:
    statuses = node_statuses(built)
    assert status_of(statuses, "raw_rows_are_staged_or_rejected_stg_learners__rejects") == "pass"
    assert status_of(statuses, "segmentation_sql_scoring_matches_seg_learners") == "pass"
    assert status_of(statuses, "segmentation_side_tables_seg_learners") == "pass"
    with duckdb.connect(str(built / "audience.duckdb"), read_only=True) as connection:
        rows = connection.execute(
            "select count(*), count(distinct run_id) from marts.seg_learners"
        ).fetchall()
    assert rows == [(GOOD_ROWS + 1, 1)]
    plots = sorted(path.name for path in (built / "reports" / "learners").glob("*.png"))
    assert plots == ["dendrogram.png", "k_selection.png", "pca_scatter.png", "profile_heatmap.png"]


def show_inline(root: Path, sql: str) -> subprocess.CompletedProcess[str]:
    return run_dbt(root, "--quiet", "show", "--inline", sql, "--output", "json")


def test_seed_column_values_reads_the_seed_when_a_model_compiles(built: Path, tmp_path: Path) -> None:
    """The macro that feat_learners and the HubSpot models generate columns from: order, filter, failure."""
    copy_built(built, tmp_path)
    calls = {
        "by_code": "seed_column_values(ref('learners_channels'), 'channel_name', order_by='channel_code')",
        "by_name": "seed_column_values(ref('learners_channels'), 'channel_name')",
        "filtered": "seed_column_values(ref('learners_regions'), 'region_label', where='region_code > 0')",
    }
    inline = "select " + ", ".join(f"'{{{{ tojson({call}) }}}}' as {name}" for name, call in calls.items())
    shown = show_inline(tmp_path, inline)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    (row,) = json.loads(shown.stdout[shown.stdout.index("{") :])["show"]
    channels = ["Google", "Facebook", "YouTube", "LinkedIn", "Twitter", "Instagram", "Friend", "Other"]
    assert json.loads(row["by_code"]) == channels
    assert json.loads(row["by_name"]) == sorted(channels)
    assert json.loads(row["filtered"]) == ["Western Europe", "World"]
    (tmp_path / "audience.duckdb").unlink()
    missing = show_inline(tmp_path, "select '{{ " + calls["by_code"] + " }}' as v")
    assert missing.returncode != 0
    assert "seed learners_channels is not loaded yet" in missing.stdout + missing.stderr


def test_sql_scoring_check_fails_when_the_stored_model_disagrees(built: Path, tmp_path: Path) -> None:
    copy_built(built, tmp_path)
    with duckdb.connect(str(tmp_path / "audience.duckdb")) as connection:
        connection.execute(
            "update marts.seg_learners__centroids set centroid_scaled = centroid_scaled + 3 "
            "where segment_id = 1"
        )
    completed = run_dbt(tmp_path, "test", "--select", "test_name:segmentation_sql_scoring_matches")
    assert completed.returncode != 0
    assert status_of(node_statuses(tmp_path), "segmentation_sql_scoring_matches_seg_learners") == "fail"


@pytest.mark.parametrize(
    ("corruption", "failure"),
    [
        ("delete from marts.seg_learners__ward_linkage where merge_step = 7", "merges of one sample"),
        (
            "update marts.seg_learners__ward_linkage set merge_height = 0 where merge_step = 9",
            "merge height decreases at step 9",
        ),
        ("update marts.seg_learners__ward_linkage set run_id = 'stale'", "another run_id"),
        # The engine's contract (models/reference/segmentation_side_table_contract): columns and types.
        (
            "alter table marts.seg_learners__scaler rename column scale to scale_factor",
            "seg_learners__scaler lacks contract column scale DOUBLE",
        ),
        (
            "alter table marts.seg_learners__profiles add column size bigint",
            "seg_learners__profiles has column size, not in the contract",
        ),
        (
            "alter table marts.seg_learners__lineage alter column match_distance type varchar",
            "seg_learners__lineage column match_distance is VARCHAR, not DOUBLE",
        ),
        (
            "alter table marts.seg_learners drop column distance_to_centroid",
            "seg_learners lacks contract column distance_to_centroid DOUBLE",
        ),
    ],
)
def test_side_table_check_fails_on_a_broken_side_table(
    built: Path, tmp_path: Path, corruption: str, failure: str
) -> None:
    copy_built(built, tmp_path)
    with duckdb.connect(str(tmp_path / "audience.duckdb")) as connection:
        connection.execute(corruption)
    completed = run_dbt(tmp_path, "test", "--select", "test_name:segmentation_side_tables,seg_learners")
    assert completed.returncode != 0, completed.stdout[-4000:]
    assert status_of(node_statuses(tmp_path), "segmentation_side_tables_seg_learners") == "fail"
    (compiled,) = (tmp_path / "target" / "compiled").rglob("segmentation_side_tables_seg_learners*.sql")
    with duckdb.connect(str(tmp_path / "audience.duckdb"), read_only=True) as connection:
        failures = [row[0] for row in connection.execute(compiled.read_text()).fetchall()]
        plot_inputs = read_plot_inputs(connection, "marts", "seg_learners")
    assert any(failure in message for message in failures), failures
    # The reports job does not draw a tree that belongs to another run.
    assert (plot_inputs is None) == ("another run_id" in failure)


def test_empty_export_stops_the_build_with_a_named_check(tmp_path: Path) -> None:
    export = tmp_path / "raw" / "learners" / learners_generator.FILE_NAME
    export.parent.mkdir(parents=True)
    export.write_text(",".join(learners_generator.HEADER) + "\n")
    completed = run_dbt(tmp_path, "build", *BUILD_SELECTION)
    assert completed.returncode != 0
    assert "not_empty_base_learners__customer_segmentation_data" in completed.stdout
    statuses = node_statuses(tmp_path)
    assert statuses["seg_learners"] == "skipped"


def test_wrong_header_is_an_error_naming_the_file(tmp_path: Path) -> None:
    export = tmp_path / "raw" / "learners" / learners_generator.FILE_NAME
    export.parent.mkdir(parents=True)
    export.write_text("minutes,CLV,region,channel\n10,20,0,1\n")
    completed = run_dbt(tmp_path, "build", *BUILD_SELECTION)
    assert completed.returncode != 0
    assert 'customer_segmentation_data.csv: header is "minutes,clv,region,channel"' in completed.stdout


def test_rebuild_on_the_same_data_gives_identical_tables(built: Path, tmp_path: Path) -> None:
    copy_built(built, tmp_path)
    tables = ["seg_learners", "seg_learners__profiles", "seg_learners__centroids", "seg_learners__scaler"]
    tables.append("seg_learners__k_selection")

    def snapshot() -> dict[str, list[tuple[object, ...]]]:
        with duckdb.connect(str(tmp_path / "audience.duckdb"), read_only=True) as connection:
            return {
                table: connection.execute(f"select * from marts.{table} order by all").fetchall()
                for table in tables
            }

    before = snapshot()
    completed = run_dbt(tmp_path, "run", "--select", "seg_learners")
    assert completed.returncode == 0, completed.stdout[-4000:]
    assert snapshot() == before
    # The engine's log line reaches dbt's console output and dbt's log file.
    engine_line = f"segmentation learners (fit): {GOOD_ROWS + 1} rows, k="
    assert engine_line in completed.stdout
    assert engine_line in (tmp_path / "logs" / "dbt.log").read_text()
    with duckdb.connect(str(tmp_path / "audience.duckdb"), read_only=True) as connection:
        statuses = connection.execute("select distinct status from marts.seg_learners__lineage").fetchall()
    assert statuses == [("kept",)]
