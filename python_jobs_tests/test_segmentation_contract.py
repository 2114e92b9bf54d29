"""The engine's tables match its contract (python_jobs.segmentation.contract) exactly: column names, order
and DuckDB types, for a fit, a scoring run and the dbt-built fixture warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from python_jobs.segmentation import (
    SegmentationConfig,
    SegmentationResult,
    contract,
    parse_config,
    run_segmentation,
)
from python_jobs.segmentation.scoring import StoredModel, score_with_stored_model
from python_jobs_tests.segmentation_helpers import store_run


def written_columns(connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    return connection.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()


def contracted(table: contract.Table) -> list[tuple[str, str]]:
    return [(column.name, column.data_type) for column in table.columns]


def assert_tables_match_the_contract(
    connection: duckdb.DuckDBPyConnection, schema: str, model: str, entity_id: str
) -> None:
    """Side tables hold exactly the contract's columns; the segment table starts with the entity id and
    the engine's columns (pca, passthrough and derived columns follow)."""
    segment_columns = written_columns(connection, schema, model)
    engine = contract.SEGMENTS.columns
    assert segment_columns[0][0] == entity_id
    assert segment_columns[1 : 1 + len(engine)] == contracted(contract.SEGMENTS), model
    for side in contract.SIDE_TABLES:
        columns = written_columns(connection, schema, side.table_name(model))
        if side.optional and not columns:
            continue
        assert columns == contracted(side), side.table_name(model)


def _config(plots: bool) -> SegmentationConfig:
    return parse_config(
        {
            "entity_id": "member_id",
            "features": ["a", "b", "c"],
            "k": {"min": 2, "max": 4, "rule": "silhouette"},
            "n_init": 2,
            "sample_size": 300,
            "preprocessing": {"one_hot": ["plan"], "log1p": ["c"], "clip_quantiles": {"columns": ["b"]}},
            "pca_components": 2,
            "plots": plots,
        },
        "contract_demo",
    )


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    truth = rng.integers(0, 3, 900)
    frame = pd.DataFrame(6.0 * np.eye(3)[truth] + rng.normal(0, 1, (900, 3)), columns=["a", "b", "c"])
    frame.insert(0, "member_id", np.arange(1, 901))
    frame["plan"] = np.where(frame["member_id"] % 3 == 0, "pro", "free")
    frame["c"] = frame["c"].abs()
    frame.loc[frame["member_id"] % 7 == 0, "a"] = np.nan
    return frame


def assert_written_as_contracted(tmp_path: Path, result: SegmentationResult) -> None:
    with duckdb.connect(str(tmp_path / "audience.duckdb")) as connection:
        store_run(connection, "seg_demo", result)
        assert_tables_match_the_contract(connection, "marts", "seg_demo", "member_id")


@pytest.mark.parametrize("plots", [True, False])
def test_a_fit_writes_exactly_the_contracted_tables(tmp_path: Path, plots: bool) -> None:
    result = run_segmentation(_frame(), _config(plots))
    for side in contract.SIDE_TABLES:
        table = result.side_tables().get(side.name)
        if table is None:
            assert side.optional and not plots
            continue
        assert tuple(table.columns) == side.column_names
    assert_written_as_contracted(tmp_path, result)


def test_a_scoring_run_writes_exactly_the_contracted_tables(tmp_path: Path) -> None:
    frame, config = _frame(), _config(plots=False)
    fitted = run_segmentation(frame, config)
    scored = score_with_stored_model(frame, config, StoredModel.from_result(fitted))
    assert_written_as_contracted(tmp_path, scored)


def test_a_side_table_built_with_other_columns_is_refused() -> None:
    body = pd.DataFrame({"segment_id": [1], "status": ["new"]})
    with pytest.raises(ValueError, match="side table lineage: columns"):
        contract.LINEAGE.frame(body, "demo", "run")


def test_the_fixture_warehouse_matches_the_contract(warehouse: duckdb.DuckDBPyConnection) -> None:
    engine_built = [
        row[0]
        for row in warehouse.execute(
            "select table_name from information_schema.columns where table_schema = 'marts' "
            "and column_name = 'segment_id' and starts_with(table_name, 'seg_') "
            "and not contains(table_name, '__') order by table_name"
        ).fetchall()
    ]
    assert len(engine_built) >= 5
    for model in engine_built:
        entity_id = written_columns(warehouse, "marts", model)[0][0]
        assert_tables_match_the_contract(warehouse, "marts", model, entity_id)


def test_the_contract_model_materialises_the_module(warehouse: duckdb.DuckDBPyConnection) -> None:
    stored = warehouse.execute(
        "select * from reference.segmentation_side_table_contract order by table_suffix, column_position"
    ).df()
    expected = contract.contract_frame().sort_values(["table_suffix", "column_position"], ignore_index=True)
    pd.testing.assert_frame_equal(stored, expected, check_dtype=False)
