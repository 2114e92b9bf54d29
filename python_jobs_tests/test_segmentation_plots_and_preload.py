"""Plots drawn from two threads at once (dbt runs two Python models side by side), and the dbt-duckdb
plugin that imports the engine in the background."""

from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from PIL import Image

from python_jobs import dbt_preload
from python_jobs.paths import PROJECT_ROOT
from python_jobs.segmentation import parse_config, run_segmentation
from python_jobs.segmentation.engine import SegmentationResult
from python_jobs.segmentation.plots import write_plots

PLOTS = ["dendrogram.png", "k_selection.png", "pca_scatter.png", "profile_heatmap.png"]


def _blob_run(centers: int, seed: int) -> tuple[SegmentationResult, object]:
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
            "pca_components": 2,
            "plots": True,
        },
        f"blobs_{centers}",
    )
    return run_segmentation(frame, config), config


def test_plots_drawn_from_two_threads_at_once_are_each_complete(tmp_path: Path) -> None:
    runs = [_blob_run(3, seed=1), _blob_run(5, seed=2)]
    barrier = threading.Barrier(len(runs))

    def draw(index: int) -> list[Path]:
        result, config = runs[index]
        barrier.wait()
        return write_plots(result, config, tmp_path / f"run_{index}")  # type: ignore[arg-type]

    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        written = list(pool.map(draw, range(len(runs))))
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


def test_the_profile_enables_the_preload_plugin() -> None:
    profile = yaml.safe_load((PROJECT_ROOT / "profiles.yml").read_text())
    output = profile["audience_segmentation"]["outputs"]["dev"]
    assert {"module": "python_jobs.dbt_preload"} in output["plugins"]


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
        assert "sklearn.cluster" in sys.modules and "python_jobs.segmentation.plots" in sys.modules
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
    assert not names & {"fct_ad_user_features", "stg_ad_logs__impressions"}


@pytest.mark.parametrize(
    ("which", "selected", "expected"),
    [
        (
            "build",
            ["model.audience_segmentation.fct_ad_user_features", "model.audience_segmentation.seg_ad_users"],
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
