"""The plots the reports job draws from a segmentation's stored tables (also from two threads at once)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import numpy as np
import pytest
from PIL import Image

from python_jobs import reports
from python_jobs.segmentation import (
    SegmentationConfigError,
    SegmentationResult,
    parse_config,
    run_segmentation,
)
from python_jobs.segmentation.plots import SCATTER_POINTS, read_plot_inputs, write_plots
from python_jobs.segmentation.selection import linkage_matrix, ward_linkage
from python_jobs_tests.segmentation_helpers import blobs, store_run

PLOTS = ["dendrogram.png", "k_selection.png", "pca_scatter.png", "profile_heatmap.png"]


def _blob_run(centers: int, seed: int, plots: bool = True) -> SegmentationResult:
    frame, _ = blobs(1200, seed, centers=centers, features=4)
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


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "audience.duckdb"
    with duckdb.connect(str(path)) as connection:
        store_run(connection, "seg_three", _blob_run(3, seed=1))
        store_run(connection, "seg_five", _blob_run(5, seed=2))
        store_run(connection, "seg_no_plots", _blob_run(3, seed=3, plots=False))
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
        store_run(connection, "seg_blobs", _blob_run(3, seed=1))
        assert read_plot_inputs(connection, "marts", "seg_blobs") is not None
        store_run(connection, "seg_blobs", _blob_run(3, seed=1, plots=False))
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
