"""Validation on the full fixture warehouse (``python -m python_jobs.pipeline fixture``, built on demand).

Needs every segment model of the project to be built into the fixture: it passes as is, and fails once a
segment table holds a duplicated row. ``AUDIENCE_FIXTURE_MANIFEST`` points at another fixture's manifest
(pair it with conftest's ``AUDIENCE_FIXTURE_DUCKDB``).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from python_jobs.pipeline import FIXTURE_ROOT
from python_jobs.sql_names import quote_identifier
from python_jobs.validation.cli import main
from python_jobs.validation.manifest import load_manifest, segment_models

FIXTURE_MANIFEST = Path(
    os.environ.get("AUDIENCE_FIXTURE_MANIFEST", str(FIXTURE_ROOT / "target" / "manifest.json"))
)

pytestmark = pytest.mark.dbt


def _validate(
    warehouse: Path, reports: Path, run_id: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    code = main(
        [
            *("--manifest", str(FIXTURE_MANIFEST), "--warehouse", str(warehouse)),
            *("--reports-dir", str(reports), "--run-id", run_id),
        ]
    )
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_fixture_warehouse_passes_then_fails_when_corrupted(
    scratch_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    models = segment_models(load_manifest(FIXTURE_MANIFEST))
    assert models, f"no segment model declares meta.validation in {FIXTURE_MANIFEST}"

    code, output = _validate(scratch_warehouse, tmp_path / "reports", "test-clean", capsys)
    assert code == 0, output
    assert (tmp_path / "reports" / "data_docs" / "index.html").is_file()

    # The scratch copy's catalog is named after its file, so address tables by schema and alias.
    with duckdb.connect(str(scratch_warehouse)) as connection:
        for model in models:
            table = f"{quote_identifier(model.relation.schema)}.{quote_identifier(model.relation.identifier)}"
            connection.execute(f"insert into {table} select * from {table} limit 1")

    code, output = _validate(scratch_warehouse, tmp_path / "reports", "test-corrupted", capsys)
    assert code == 1, output
    for model in models:
        assert f"{model.name}: expect_column_values_to_be_unique({model.id_column})" in output
        assert f"{model.name}: expect_table_row_count_to_equal" in output
    with duckdb.connect(str(scratch_warehouse), read_only=True) as connection:
        runs = connection.execute(
            # A failed warning (a labels name the fixture's profiles do not support) does not fail a run.
            "select run_id, bool_and(success or severity != 'critical') from audit.validation_results "
            "where run_id like 'test-%' group by run_id order by run_id"
        ).fetchall()
    assert runs == [("test-clean", True), ("test-corrupted", False)]
