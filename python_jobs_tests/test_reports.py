"""The reports job finds segment tables, sizes them and writes the workbook and Markdown summary."""

from __future__ import annotations

from pathlib import Path

import duckdb
import openpyxl
import pytest

from python_jobs import reports


@pytest.fixture
def small_warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "small.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts")
        connection.execute(
            "create table marts.seg_people as select * from (values "
            "(1, 'A', 'Alpha'), (2, 'A', 'Alpha'), (3, 'B', 'Beta')) "
            "as t(person_id, segment_code, segment_name)"
        )
        connection.execute(
            "create table marts.seg_people__profiles as select * from (values "
            "('A', 2, 0.667), ('B', 1, 0.333)) as t(segment_code, n, share)"
        )
        connection.execute("create table marts.seg_no_codes as select 1 as person_id")
        connection.execute("create table marts.fct_people as select 1 as person_id, 'A' as segment_code")
    return path


def test_collect_sizes_only_segment_tables(small_warehouse: Path) -> None:
    with duckdb.connect(str(small_warehouse), read_only=True) as connection:
        collected = reports.collect(connection)
    assert [report.table for report in collected] == ["seg_people"]
    sizes = collected[0].sizes
    assert sizes["segment_code"].tolist() == ["A", "B"]
    assert sizes["entities"].tolist() == [2, 1]
    assert sizes["share"].sum() == pytest.approx(1.0, abs=1e-3)
    assert collected[0].profiles is not None and len(collected[0].profiles) == 2


def test_main_writes_workbook_and_markdown(small_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    assert reports.main(["--warehouse", str(small_warehouse), "--out", str(out)]) == 0
    workbook = openpyxl.load_workbook(out / "segments.xlsx")
    assert workbook.sheetnames == ["overview", "people"]
    markdown = (out / "segments.md").read_text()
    assert "| A | Alpha | 2 | 66.7% |" in markdown


def test_main_fails_without_segments(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    assert reports.main(["--warehouse", str(empty), "--out", str(tmp_path / "out")]) == 1
