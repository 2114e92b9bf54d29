"""The plots the reports job draws from a segmentation's stored tables (also from two threads at once),
and the dbt-duckdb plugin that imports the engine in the background."""

from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from PIL import Image

from python_jobs import dbt_preload, reports
from python_jobs.paths import PROJECT_ROOT
from python_jobs.segmentation import SegmentationConfigError, parse_config, run_segmentation
from python_jobs.segmentation.dbt_model import write_side_tables
from python_jobs.segmentation.engine import SegmentationResult
from python_jobs.segmentation.plots import SCATTER_POINTS, read_plot_inputs, write_plots
from python_jobs.segmentation.selection import linkage_matrix, ward_linkage

PLOTS = ["dendrogram.png", "k_selection.png", "pca_scatter.png", "profile_heatmap.png"]


def _blob_run(centers: int, seed: int, plots: bool = True) -> SegmentationResult:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, centers, 1200)
    values = 8.0 * np.eye(centers, 4)[truth] + rng.normal(0, 1, size=(1200, 4))
    frame = pd.DataFrame(values, columns=[f"x{i}" for i in range(4)])
    frame.insert(0, "entity_id", np.arange(1, 1201))
    config = parse_config(
        {
            "entity_id": "entity_id",
            "features": [f"x{i}" for i in range(4)],
            "k": {"min": 2, "max": 6, "rule": "silhouette"},
            "n_init": 2,
            "sample_size": 500,
            "pca_components": 2,
            "plots": plots,
        },
        f"blobs_{centers}",
    )
    return run_segmentation(frame, config)


def _store(connection: duckdb.DuckDBPyConnection, table: str, result: SegmentationResult) -> None:
    """Write a run the way build_segmentation does: the segment table and its side tables, in marts."""
    connection.execute("create schema if not exists marts")
    connection.register("segments_frame", result.segments)
    connection.execute(f"create or replace table marts.{table} as select * from segments_frame")
    connection.unregister("segments_frame")
    database = connection.execute("select current_database()").fetchall()[0][0]
    write_side_tables(connection, database, "marts", table, result)


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "audience.duckdb"
    with duckdb.connect(str(path)) as connection:
        _store(connection, "seg_three", _blob_run(3, seed=1))
        _store(connection, "seg_five", _blob_run(5, seed=2))
        _store(connection, "seg_no_plots", _blob_run(3, seed=3, plots=False))
    return path


def test_ward_linkage_side_table_round_trips_to_scipy() -> None:
    result = _blob_run(3, seed=1)
    table = result.ward_linkage
    assert table is not None and "ward_linkage" in result.side_tables()
    assert set(table["run_id"]) == {result.run_id} and set(table["segmentation"]) == {"blobs_3"}
    assert table["merge_step"].tolist() == list(range(1, 500))
    assert set(table["sample_rows"]) == {500}
    _, expected = ward_linkage(result.scaled_matrix, 500, 42)
    np.testing.assert_array_equal(linkage_matrix(table.sample(frac=1.0, random_state=0)), expected)
    assert "ward_linkage" not in _blob_run(3, seed=1, plots=False).side_tables()


def test_plots_need_the_pca_columns() -> None:
    with pytest.raises(SegmentationConfigError, match="pca_components"):
        parse_config({"entity_id": "id", "features": ["x"], "k": 3, "plots": True}, "no_pca")


def test_plot_inputs_come_only_from_segmentations_with_a_current_ward_tree(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        five = read_plot_inputs(connection, "marts", "seg_five")
        assert read_plot_inputs(connection, "marts", "seg_no_plots") is None
    assert five is not None
    assert (five.name, five.chosen_k, five.rule) == ("blobs_5", 5, "silhouette")
    assert len(five.scatter) == min(SCATTER_POINTS, 1200)
    assert five.scatter.columns.tolist() == ["pca_1", "pca_2", "segment_code", "segment_name"]
    assert five.linkage.shape == (499, 4)
    # Plots turned off after a run: the old tree belongs to another run and is not drawn.
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "create or replace table marts.seg_no_plots__ward_linkage as "
            "select * from marts.seg_three__ward_linkage"
        )
        assert read_plot_inputs(connection, "marts", "seg_no_plots") is None


def test_a_run_without_plots_drops_the_earlier_ward_tree(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "audience.duckdb")) as connection:
        _store(connection, "seg_blobs", _blob_run(3, seed=1))
        assert read_plot_inputs(connection, "marts", "seg_blobs") is not None
        _store(connection, "seg_blobs", _blob_run(3, seed=1, plots=False))
        tables = {
            row[0]
            for row in connection.execute("select table_name from information_schema.tables").fetchall()
        }
        assert read_plot_inputs(connection, "marts", "seg_blobs") is None
    assert "seg_blobs__ward_linkage" not in tables and "seg_blobs__profiles" in tables


def test_plots_drawn_from_two_threads_at_once_are_each_complete(warehouse: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        inputs = [read_plot_inputs(connection, "marts", table) for table in ("seg_three", "seg_five")]
    barrier = threading.Barrier(len(inputs))

    def draw(index: int) -> list[Path]:
        barrier.wait()
        run = inputs[index]
        assert run is not None
        return write_plots(run, tmp_path / f"run_{index}")

    with ThreadPoolExecutor(max_workers=len(inputs)) as pool:
        written = list(pool.map(draw, range(len(inputs))))
    for index, paths in enumerate(written):
        assert sorted(path.name for path in paths) == PLOTS
        for path in paths:
            with Image.open(path) as image:
                image.verify()
                assert image.format == "PNG"
        assert {path.parent for path in paths} == {tmp_path / f"run_{index}"}
    # Different k, different k-selection plots: neither thread drew into the other's figure.
    assert (tmp_path / "run_0" / "k_selection.png").read_bytes() != (
        tmp_path / "run_1" / "k_selection.png"
    ).read_bytes()


def test_the_reports_job_draws_the_plots_of_each_plotted_segmentation(
    warehouse: Path, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    assert reports.main(["--warehouse", str(warehouse), "--out", str(out)]) == 0
    drawn = {
        folder.name: sorted(path.name for path in folder.glob("*.png"))
        for folder in out.iterdir()
        if folder.is_dir()
    }
    assert drawn == {"blobs_3": PLOTS, "blobs_5": PLOTS}


def test_the_plugin_module_is_light_and_the_thread_loads_the_engine() -> None:
    # dbt-duckdb imports the plugin's module on dbt's main thread: it must not pull scikit-learn in.
    script = textwrap.dedent(
        """
        import sys, threading
        import python_jobs.dbt_preload as preload
        assert "sklearn" not in sys.modules and "python_jobs.segmentation" not in sys.modules
        thread = preload.start_preload(check_invocation=False)
        assert thread.daemon and thread.name == "segmentation-preload"
        thread.join(120)
        assert "sklearn.cluster" in sys.modules and "python_jobs.segmentation.engine" in sys.modules
        assert "matplotlib" not in sys.modules  # the plots are drawn by the reports job, not by dbt
        assert preload.preload_status() == "loaded"
        assert preload.start_preload() is None  # once per process
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT_ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_python_models_are_found_by_their_files() -> None:
    names = dbt_preload.python_model_names(PROJECT_ROOT)
    assert {"seg_ad_users", "seg_learners"} <= names
    assert not names & {"feat_ad_logs_users", "stg_ad_logs__impressions"}


@pytest.mark.parametrize(
    ("which", "selected", "expected"),
    [
        (
            "build",
            ["model.audience_segmentation.feat_ad_logs_users", "model.audience_segmentation.seg_ad_users"],
            True,
        ),
        ("run", ["model.audience_segmentation.seg_learners"], True),
        ("run", ["model.audience_segmentation.stg_ad_logs__impressions"], False),
        # a test or unit test named like a Python model is not one
        (
            "build",
            ["test.audience_segmentation.seg_ad_users", "unit_test.audience_segmentation.x.seg_ad_users"],
            False,
        ),
        ("test", ["model.audience_segmentation.seg_ad_users"], False),
        ("docs", ["model.audience_segmentation.seg_ad_users"], False),
        ("build", [], False),
    ],
)
def test_preload_only_when_the_invocation_runs_a_python_model(
    monkeypatch: pytest.MonkeyPatch, which: str, selected: list[str], expected: bool
) -> None:
    from dbt import flags, selected_resources

    monkeypatch.setattr(flags, "GLOBAL_FLAGS", argparse.Namespace(WHICH=which, PROJECT_DIR=str(PROJECT_ROOT)))
    monkeypatch.setattr(selected_resources, "SELECTED_RESOURCES", selected)
    assert dbt_preload.invocation_runs_python_models() is expected


def test_python_models_under_configured_model_paths(tmp_path: Path) -> None:
    (tmp_path / "dbt_project.yml").write_text("name: p\nmodel-paths: ['transform']\n")
    (tmp_path / "transform" / "marts").mkdir(parents=True)
    (tmp_path / "transform" / "marts" / "seg_people.py").write_text("def model(dbt, session): ...\n")
    (tmp_path / "transform" / "marts" / "fct_people.sql").write_text("select 1\n")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "not_a_model_path.py").write_text("\n")
    assert dbt_preload.python_model_names(tmp_path) == {"seg_people"}


@pytest.mark.parametrize("value", ["0", "false", "No", " off "])
def test_preload_can_be_switched_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(dbt_preload.PRELOAD_ENV, value)
    monkeypatch.setattr(dbt_preload, "_status", "not started")
    assert dbt_preload.start_preload(("json",), check_invocation=False) is None
    assert dbt_preload.preload_status() == "not started"


def test_a_failing_import_ends_the_thread_quietly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "preload_probe_broken.py").write_text("raise RuntimeError('broken on purpose')\n")
    (tmp_path / "preload_probe_after.py").write_text("LOADED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv(dbt_preload.PRELOAD_ENV, raising=False)
    monkeypatch.setattr(dbt_preload, "_status", "not started")
    errors: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: errors.append(args.exc_value))
    thread = dbt_preload.start_preload(
        ("preload_probe_broken", "preload_probe_after"), check_invocation=False
    )
    assert thread is not None
    thread.join(30)
    assert not thread.is_alive()
    assert errors == []
    assert dbt_preload.preload_status() == "failed: RuntimeError('broken on purpose')"
    # It stops at the first failure: the model's own import reports the error where dbt shows it.
    assert "preload_probe_broken" not in sys.modules
    assert "preload_probe_after" not in sys.modules
