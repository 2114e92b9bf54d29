"""build_segmentation's dbt glue, driven the way dbt-duckdb drives a Python model (no dbt process needed)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest

from python_jobs.segmentation import SegmentationConfigError, build_segmentation


class FakeThis:
    def __init__(self, database: str, schema: str, identifier: str) -> None:
        self.database, self.schema, self.identifier = database, schema, identifier


class FakeConfig:
    """What the compiled model's ``config`` class offers once build_config_dict carries ``meta``."""

    def __init__(self, meta: dict[str, Any] | None) -> None:
        self._values = {} if meta is None else {"meta": meta}

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    @staticmethod
    def meta_get(key: str, default: Any = None) -> Any:
        return default


class FakeDbt:
    def __init__(self, meta: dict[str, Any] | None, identifier: str = "seg_demo") -> None:
        self.config = FakeConfig(meta)
        self.this = FakeThis("audience", "marts", identifier)


@pytest.fixture
def session(tmp_path: Path):
    connection = duckdb.connect(str(tmp_path / "audience.duckdb"))
    connection.execute("create schema marts")
    rng = np.random.default_rng(21)
    truth = rng.integers(0, 3, 900)
    values = 6.0 * np.eye(3)[truth] + rng.normal(0, 1, size=(900, 3))
    frame = pd.DataFrame(values, columns=["a", "b", "c"])
    frame.insert(0, "member_id", np.arange(1, 901))
    frame["is_active"] = frame["member_id"] % 10 != 0
    frame["platform"] = np.where(frame["member_id"] % 2 == 0, "web", "app")
    connection.register("frame_view", frame)
    connection.execute("create table marts.fct_demo as select * from frame_view")
    connection.unregister("frame_view")
    yield connection
    connection.close()


def demo_meta(**overrides: Any) -> dict[str, Any]:
    config = {
        "entity_id": "member_id",
        "features": ["a", "b", "c"],
        "where": "is_active",
        "k": 3,
        "passthrough": ["platform"],
        "pca_components": 2,
        "derived_columns": {"segment_overlay": "segment_code || ' + ' || platform"},
    }
    return {"segmentation": config | overrides}


def test_builds_the_segment_table_and_writes_side_tables(session) -> None:
    features = session.table("marts.fct_demo")
    segments = build_segmentation(FakeDbt(demo_meta()), session, features=features)
    assert len(segments) == 810  # the where filter ran in DuckDB
    assert list(segments.columns) == [
        "member_id",
        "segment_id",
        "segment_code",
        "segment_name",
        "marketing_action",
        "distance_to_centroid",
        "run_id",
        "pca_1",
        "pca_2",
        "platform",
        "segment_overlay",
    ]
    tables = {
        row[0]
        for row in session.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    }
    suffixes = ("profiles", "centroids", "scaler", "k_selection", "lineage")
    assert {f"seg_demo__{suffix}" for suffix in suffixes} <= tables
    profile_n = session.execute(
        "select sum(n) from (select distinct segment_id, n from marts.seg_demo__profiles)"
    ).fetchall()[0][0]
    assert profile_n == 810


def test_second_run_reads_previous_centroids_and_keeps_ids(session) -> None:
    features = session.table("marts.fct_demo")
    first = build_segmentation(FakeDbt(demo_meta()), session, features=features)
    second = build_segmentation(FakeDbt(demo_meta(random_seed=99)), session, features=features)
    statuses = session.execute(
        "select distinct status from marts.seg_demo__lineage where run_id = ?", [second["run_id"].iloc[0]]
    ).fetchall()
    assert statuses == [("kept",)]
    pd.testing.assert_series_equal(first["segment_id"], second["segment_id"])


def test_the_lineage_keeps_every_run_and_a_rerun_replaces_its_own_rows(session) -> None:
    features = session.table("marts.fct_demo")
    first = build_segmentation(FakeDbt(demo_meta()), session, features=features)
    second = build_segmentation(FakeDbt(demo_meta(random_seed=99)), session, features=features)
    build_segmentation(FakeDbt(demo_meta(random_seed=99)), session, features=features)
    rows = session.execute(
        "select run_id, count(*) from marts.seg_demo__lineage group by run_id order by min(status)"
    ).fetchall()
    runs = {run_id: count for run_id, count in rows}
    assert set(runs) == {first["run_id"].iloc[0], second["run_id"].iloc[0]}
    assert runs[second["run_id"].iloc[0]] == 3  # the rerun's rows replaced its own, not added to them


def test_labels_relation_overrides_names(session) -> None:
    session.execute(
        "create table marts.labels as select 'demo' as segmentation, '1' as segment_code, "
        "'Core members' as segment_name, 'Keep warm' as marketing_action"
    )
    segments = build_segmentation(
        FakeDbt(demo_meta()),
        session,
        features=session.table("marts.fct_demo"),
        labels=session.table("marts.labels"),
    )
    first = segments[segments["segment_id"] == 1]
    assert set(first["segment_name"]) == {"Core members"}
    assert set(first["marketing_action"]) == {"Keep warm"}


def test_missing_meta_block_is_a_clear_error(session) -> None:
    with pytest.raises(SegmentationConfigError, match=r"no config\.meta\.segmentation block"):
        build_segmentation(FakeDbt(None), session, features=session.table("marts.fct_demo"))


def test_unknown_config_key_is_rejected(session) -> None:
    with pytest.raises(SegmentationConfigError, match=r"unknown key\(s\): \['featurs'\]"):
        build_segmentation(
            FakeDbt({"segmentation": {**demo_meta()["segmentation"], "featurs": ["a"]}}),
            session,
            features=session.table("marts.fct_demo"),
        )


def test_features_are_read_in_entity_id_order(session) -> None:
    """Row order of a warehouse table is not guaranteed; the engine's seeded samples pick row positions,
    so the same rows in another physical order must give the same segment table."""
    first = build_segmentation(FakeDbt(demo_meta()), session, features=session.table("marts.fct_demo"))
    session.execute("create table marts.fct_demo_shuffled as select * from marts.fct_demo order by random()")
    shuffled = build_segmentation(
        FakeDbt(demo_meta()), session, features=session.table("marts.fct_demo_shuffled")
    )
    assert first["member_id"].is_monotonic_increasing
    pd.testing.assert_frame_equal(first, shuffled, check_exact=True)


def test_score_mode_replays_the_stored_model(
    session, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="python_jobs.segmentation")

    def logged() -> str:
        text = caplog.text
        caplog.clear()
        return text

    features = session.table("marts.fct_demo")
    monkeypatch.setenv("SEGMENTATION_MODE", "score")
    first = build_segmentation(FakeDbt(demo_meta()), session, features=features)
    assert "no stored model yet: fitting" in logged()
    fit_run = first["run_id"].iloc[0]
    k_selection = session.execute("select * exclude (run_id) from marts.seg_demo__k_selection").df()
    scored = build_segmentation(FakeDbt(demo_meta()), session, features=features)
    assert "segmentation demo (score)" in logged()
    pd.testing.assert_series_equal(first["segment_id"], scored["segment_id"])
    assert scored["run_id"].iloc[0] != fit_run
    lineage = session.execute(
        "select distinct status, previous_run_id from marts.seg_demo__lineage where run_id = ?",
        [scored["run_id"].iloc[0]],
    ).fetchall()
    assert lineage == [("kept", fit_run)]
    pd.testing.assert_frame_equal(
        session.execute("select * exclude (run_id) from marts.seg_demo__k_selection").df(), k_selection
    )
    # A config whose features no longer match the stored model is refitted, not scored wrongly.
    narrower = demo_meta()
    narrower["segmentation"]["features"] = ["a", "b"]
    build_segmentation(FakeDbt(narrower), session, features=features)
    out = logged()
    assert "the stored model is stale" in out and "segmentation demo (fit)" in out


def test_unknown_segmentation_mode_is_a_clear_error(session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEGMENTATION_MODE", "predict")
    with pytest.raises(SegmentationConfigError, match="SEGMENTATION_MODE must be one of"):
        build_segmentation(FakeDbt(demo_meta()), session, features=session.table("marts.fct_demo"))
