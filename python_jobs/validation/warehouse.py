"""DuckDB side of the job: open the warehouse, describe tables, count cohorts, load frames via Arrow."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd

from python_jobs.arrow_frames import NULLABLE_TYPES
from python_jobs.sql_names import quote_identifier
from python_jobs.validation.manifest import Cohort, ConfigError, Relation

# DuckDB attaches under these names itself; a manifest database with one of them cannot be re-attached.
RESERVED_DATABASES = frozenset({"memory", "system", "temp", "main"})


def connect(warehouse: Path, database: str) -> duckdb.DuckDBPyConnection:
    """An in-memory session with the warehouse file attached (read-write) under the manifest's name.

    Attaching under dbt's database name lets the fully qualified relations from the manifest resolve even
    when the file was copied or renamed (e.g. a scratch copy of the fixture warehouse).
    """
    if not warehouse.is_file():
        raise ConfigError(f"warehouse not found at {warehouse}: run `dbt build` or set DUCKDB_BUILD_PATH")
    if database.lower() in RESERVED_DATABASES:
        raise ConfigError(f"manifest database '{database}' is reserved by DuckDB and cannot be attached")
    connection = duckdb.connect(
        ":memory:",
        config={
            "memory_limit": os.environ.get("DUCKDB_MEMORY_LIMIT", "8GB"),
            "threads": int(os.environ.get("DUCKDB_THREADS", "2")),
        },
    )
    try:
        connection.execute(f"attach {_string_literal(str(warehouse))} as {quote_identifier(database)}")
        connection.execute(f"use {quote_identifier(database)}")
    except duckdb.Error as error:
        connection.close()
        raise ConfigError(f"cannot open warehouse {warehouse}: {error}") from error
    return connection


def _string_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def table_columns(connection: duckdb.DuckDBPyConnection, relation: Relation) -> list[str] | None:
    """Column names in table order, or None when the relation does not exist."""
    rows = connection.execute(
        """
        select column_name
        from information_schema.columns
        where table_catalog = ? and table_schema = ? and table_name = ?
        order by ordinal_position
        """,
        [relation.database, relation.schema, relation.identifier],
    ).fetchall()
    return [row[0] for row in rows] or None


def row_count(connection: duckdb.DuckDBPyConnection, relation: Relation) -> int:
    result = connection.execute(f"select count(*) from {relation.sql}").fetchall()
    return int(result[0][0])


def cohort_count(connection: duckdb.DuckDBPyConnection, cohort: Cohort, model: str) -> int:
    """Eligible rows of the cohort model under its ``where`` predicate (the segment table's expected size)."""
    predicate = f" where ({cohort.where})" if cohort.where else ""
    try:
        result = connection.execute(f"select count(*) from {cohort.relation.sql}{predicate}").fetchall()
    except duckdb.Error as error:
        raise ConfigError(
            f"model {model}: cannot count cohort {cohort.relation.display}"
            f"{' where ' + cohort.where if cohort.where else ''}: {error}"
        ) from error
    return int(result[0][0])


def distinct_values(connection: duckdb.DuckDBPyConnection, relation: Relation, column: str) -> list[str]:
    """Non-null distinct values of a column as text, sorted."""
    rows = connection.execute(
        f"select distinct cast({quote_identifier(column)} as varchar) as value from {relation.sql} "
        f"where {quote_identifier(column)} is not null order by value"
    ).fetchall()
    return [row[0] for row in rows]


def count_distinct(connection: duckdb.DuckDBPyConnection, relation: Relation, column: str) -> int:
    result = connection.execute(
        f"select count(distinct {quote_identifier(column)}) from {relation.sql}"
    ).fetchall()
    return int(result[0][0])


def load_frame(
    connection: duckdb.DuckDBPyConnection, relation: Relation, columns: list[str], distinct: bool = False
) -> pd.DataFrame:
    """Only the columns a suite needs (optionally their distinct rows), DuckDB → Arrow → pandas.

    A suite that needs no column (a row count) gets a one-column row marker.
    """
    projection = ", ".join(quote_identifier(column) for column in columns) if columns else "true as __row__"
    modifier = "distinct " if distinct and columns else ""
    table = connection.sql(f"select {modifier}{projection} from {relation.sql}").to_arrow_table()
    return table.to_pandas(types_mapper=NULLABLE_TYPES.get)
