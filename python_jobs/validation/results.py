"""Validation outcomes: flattened from GE results, printed, and appended to ``audit.validation_results``."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa

from python_jobs.sql_names import qualified_name, quote_identifier

AUDIT_SCHEMA = "audit"
RESULTS_TABLE = "validation_results"
# Not a GE expectation: recorded when the table a suite targets does not exist, so it cannot run.
TABLE_EXISTS = "table_exists"
PARTIAL_LIMIT = 20

RESULTS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("run_id", "varchar"),
    ("validated_at", "timestamp with time zone"),
    ("suite_name", "varchar"),
    ("model_name", "varchar"),
    ("table_name", "varchar"),
    ("expectation_type", "varchar"),
    ("column_name", "varchar"),
    ("kwargs_json", "varchar"),
    ("success", "boolean"),
    ("observed_value", "varchar"),
    ("unexpected_count", "bigint"),
    ("exception_message", "varchar"),
    # GE's failure severity: a failed 'critical' expectation fails the run; 'warning' ones are reported.
    ("severity", "varchar"),
)
CRITICAL = "critical"


@dataclass(frozen=True)
class ExpectationOutcome:
    suite: str
    model: str
    table: str
    expectation_type: str
    column: str | None
    kwargs: Mapping[str, Any]
    success: bool
    observed_value: Any
    unexpected_count: int | None
    message: str | None
    severity: str = CRITICAL

    def describe(self) -> str:
        """One line naming the failed expectation, its column and what was observed."""
        target = f"({self.column})" if self.column else ""
        parts = [f"{self.suite}: {self.expectation_type}{target}"]
        if self.unexpected_count:
            parts.append(f"{self.unexpected_count} unexpected")
        if self.observed_value is not None:
            parts.append(f"observed {to_json(self.observed_value)}")
        expected = {k: v for k, v in self.kwargs.items() if k not in {"column", "notes"}}
        if expected:
            parts.append(f"expected {to_json(expected)}")
        if self.message:
            parts.append(self.message)
        return " | ".join(parts)


@dataclass(frozen=True)
class SuiteOutcome:
    name: str
    model: str
    table: str
    outcomes: tuple[ExpectationOutcome, ...]

    @property
    def failed(self) -> tuple[ExpectationOutcome, ...]:
        """Failed critical expectations: these fail the run."""
        return tuple(o for o in self.outcomes if not o.success and o.severity == CRITICAL)

    @property
    def warnings(self) -> tuple[ExpectationOutcome, ...]:
        """Failed expectations of a lower severity: reported, the run still passes."""
        return tuple(o for o in self.outcomes if not o.success and o.severity != CRITICAL)

    @property
    def success(self) -> bool:
        return not self.failed


def plain(value: Any) -> Any:
    """JSON-ready copy: numpy scalars unwrapped, NaN/NA as null, unknown objects as text."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "ndim", None) == 0:
        return plain(item())
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return plain(float(value))
    if type(value).__name__ in {"NAType", "NaTType"}:
        return None
    return str(value)


def to_json(value: Any) -> str:
    return json.dumps(plain(value), sort_keys=True, ensure_ascii=False)


def exception_messages(exception_info: Any) -> list[str]:
    """GE nests exception info either flat or keyed by metric; collect every raised message."""
    if not isinstance(exception_info, Mapping):
        return []
    if "raised_exception" in exception_info:
        message = exception_info.get("exception_message")
        return [str(message)] if exception_info.get("raised_exception") and message else []
    return [message for nested in exception_info.values() for message in exception_messages(nested)]


def observed(result: Mapping[str, Any]) -> Any:
    """The observed value, else the values GE reported missing or a sample of the unexpected ones."""
    if result.get("observed_value") is not None:
        return result["observed_value"]
    for key, label in (("partial_missing_list", "missing"), ("partial_unexpected_list", "unexpected_sample")):
        values = result.get(key)
        if values:
            return {label: list(values)[:PARTIAL_LIMIT]}
    return None


def outcome_from_result(
    suite: str,
    model: str,
    table: str,
    expectation_type: str,
    kwargs: Mapping[str, Any],
    success: bool,
    result: Mapping[str, Any],
    exception_info: Any,
    severity: str = CRITICAL,
) -> ExpectationOutcome:
    clean_kwargs = {key: value for key, value in kwargs.items() if key != "batch_id"}
    unexpected = result.get("unexpected_count")
    if unexpected is None and result.get("missing_count") is not None and "partial_missing_list" in result:
        unexpected = result["missing_count"]
    messages = exception_messages(exception_info)
    column = clean_kwargs.get("column")
    return ExpectationOutcome(
        suite=suite,
        model=model,
        table=table,
        expectation_type=expectation_type,
        column=column if isinstance(column, str) else None,
        kwargs=clean_kwargs,
        success=bool(success),
        observed_value=plain(observed(result)),
        unexpected_count=None if unexpected is None else int(unexpected),
        message="; ".join(dict.fromkeys(messages)) or None,
        severity=severity,
    )


def missing_table_outcome(suite: str, model: str, table: str, why: str) -> ExpectationOutcome:
    return ExpectationOutcome(
        suite=suite,
        model=model,
        table=table,
        expectation_type=TABLE_EXISTS,
        column=None,
        kwargs={"table": table},
        success=False,
        observed_value=None,
        unexpected_count=None,
        message=why,
    )


def results_table(run_id: str, validated_at: datetime, suites: Sequence[SuiteOutcome]) -> pa.Table:
    """One row per expectation per run, in the column order of ``RESULTS_COLUMNS``."""
    rows = [
        {
            "run_id": run_id,
            "validated_at": validated_at,
            "suite_name": outcome.suite,
            "model_name": outcome.model,
            "table_name": outcome.table,
            "expectation_type": outcome.expectation_type,
            "column_name": outcome.column,
            "kwargs_json": to_json(outcome.kwargs),
            "success": outcome.success,
            "observed_value": None if outcome.observed_value is None else to_json(outcome.observed_value),
            "unexpected_count": outcome.unexpected_count,
            "exception_message": outcome.message,
            "severity": outcome.severity,
        }
        for suite in suites
        for outcome in suite.outcomes
    ]
    schema = pa.schema(
        [
            ("run_id", pa.string()),
            ("validated_at", pa.timestamp("us", tz="UTC")),
            ("suite_name", pa.string()),
            ("model_name", pa.string()),
            ("table_name", pa.string()),
            ("expectation_type", pa.string()),
            ("column_name", pa.string()),
            ("kwargs_json", pa.string()),
            ("success", pa.bool_()),
            ("observed_value", pa.string()),
            ("unexpected_count", pa.int64()),
            ("exception_message", pa.string()),
            ("severity", pa.string()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def write_results(connection: duckdb.DuckDBPyConnection, database: str, table: pa.Table) -> str:
    """Append to ``<database>.audit.validation_results`` (created if absent); returns the relation name."""
    relation = qualified_name(database, AUDIT_SCHEMA, RESULTS_TABLE)
    columns = ",\n    ".join(f"{quote_identifier(name)} {data_type}" for name, data_type in RESULTS_COLUMNS)
    connection.execute(f"create schema if not exists {quote_identifier(database)}.{AUDIT_SCHEMA}")
    connection.execute(f"create table if not exists {relation} (\n    {columns}\n)")
    # A results table from before a column was added gets it (older rows hold null there).
    for name, data_type in RESULTS_COLUMNS:
        connection.execute(
            f"alter table {relation} add column if not exists {quote_identifier(name)} {data_type}"
        )
    connection.register("validation_results_batch", table)
    try:
        connection.execute(f"insert into {relation} by name select * from validation_results_batch")
    finally:
        connection.unregister("validation_results_batch")
    return f"{database}.{AUDIT_SCHEMA}.{RESULTS_TABLE}"
