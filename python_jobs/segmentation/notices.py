"""The warnings an engine run leaves in the warehouse, for the run summary: a labels-seed name its segment's
profile does not support (``__profiles.name_warning``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from python_jobs.segmentation import contract
from python_jobs.sql_names import qualified_name, quote_identifier, schema_tables


def segmentation_warnings(connection: Any, schema: str = "marts") -> list[str]:
    """Every warning of the engine-built segment tables in ``schema``, one text each, by table."""
    tables = schema_tables(connection, schema)
    warnings: list[str] = []
    column = quote_identifier(contract.PROFILES.column("name_warning"))
    for table in sorted(tables):
        if not table.endswith(contract.PROFILES.suffix):
            continue
        columns = {
            str(row[0])
            for row in connection.execute(
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ?",
                [schema, table],
            ).fetchall()
        }
        if contract.PROFILES.column("name_warning") not in columns:
            continue
        rows = connection.execute(
            f"select distinct {column} from {qualified_name(schema, table)} where {column} is not null "
            f"order by 1"
        ).fetchall()
        warnings.extend(str(row[0]) for row in rows)
    return warnings


def warehouse_warnings(duckdb_path: Path) -> list[str]:
    """``segmentation_warnings`` of a warehouse file, opened read-only."""
    import duckdb

    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        return segmentation_warnings(connection)
