"""Names in SQL built from Python: quoting identifiers (DuckDB's rules, the SQL standard's) and listing the
tables of a schema."""

from __future__ import annotations

from typing import Any


def quote_identifier(identifier: str) -> str:
    """``identifier`` as a double-quoted SQL identifier (embedded quotes doubled)."""
    return '"' + identifier.replace('"', '""') + '"'


def qualified_name(*parts: str) -> str:
    """``database.schema.table`` (or any dotted path) with every part quoted."""
    return ".".join(quote_identifier(part) for part in parts)


def schema_tables(connection: Any, schema: str) -> set[str]:
    """Names of the tables in ``schema`` of the connection's current database (a DuckDB connection)."""
    rows = connection.execute(
        "select table_name from information_schema.tables where table_schema = ?", [schema]
    ).fetchall()
    return {str(row[0]) for row in rows}
