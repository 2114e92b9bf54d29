"""The expectation suites, built in code from each model's ``meta.validation`` and the warehouse.

Building the expectations is pure (``*_expectations``); ``plan_model`` asks DuckDB the few facts they
need (columns present, cohort size, codes in the profile table, side-table sizes).

Engine-built segment tables (a ``segment_id`` column and a ``<model>__profiles`` table next to them, see
``python_jobs/segmentation/``) also get suites on their side tables. Table and column names come from the
engine's contract (``python_jobs.segmentation.contract``); a table without a contracted column fails the
expectation that reads it as a missing column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.metadata_types import FailureSeverity
from great_expectations.expectations.row_conditions import Column

from python_jobs.segmentation import contract
from python_jobs.validation import warehouse
from python_jobs.validation.manifest import ConfigError, Relation, SegmentModel

# Every segment table has these (rule-based ones too); engine-built ones also the engine's key and run id.
CODE_COLUMN = contract.SEGMENTS.column("segment_code")
LABEL_COLUMNS = (contract.SEGMENTS.column("segment_name"), contract.SEGMENTS.column("marketing_action"))
ENGINE_KEY_COLUMN = contract.SEGMENTS.column("segment_id")
RUN_ID_COLUMN = contract.SEGMENTS.column("run_id")
# Shares may be rounded per segment; 1e-3 allows ten segments rounded to four decimals, nothing coarser.
SHARE_TOLERANCE = 1e-3

PROFILES, CENTROIDS, SCALER, K_SELECTION = (
    side.suffix for side in (contract.PROFILES, contract.CENTROIDS, contract.SCALER, contract.K_SELECTION)
)
SIZE_COLUMN = contract.PROFILES.column("n")
NAME_WARNING_COLUMN = contract.PROFILES.column("name_warning")
SHARE_COLUMN = contract.PROFILES.column("share")
CHOSEN_COLUMN = contract.K_SELECTION.column("is_chosen")
K_COLUMN = contract.K_SELECTION.column("k")
RESTARTS_COLUMN = contract.K_SELECTION.column("restarts_used")


@dataclass(frozen=True)
class SuitePlan:
    """One suite to run against one table; ``missing`` says why the table cannot be validated at all."""

    name: str
    model: str
    relation: Relation
    columns: tuple[str, ...]
    expectations: tuple[Expectation, ...]
    missing: str | None = None
    distinct: bool = False


def segment_expectations(
    id_column: str,
    allowed_codes: Sequence[str],
    cohort_rows: int,
    cohort_label: str,
    expected_codes: Sequence[str] | None = None,
) -> list[Expectation]:
    """The checks every segment table gets.

    ``allowed_codes`` is every code the table may hold; ``expected_codes`` (default: all allowed codes) are
    the segments that must be non-empty. They differ for an engine-built table whose k comes from a range:
    its YAML may list every code the ranking can produce, while this run's profiles list the k it made.
    """
    codes = list(allowed_codes)
    expected = list(expected_codes) if expected_codes is not None else codes
    return [
        gxe.ExpectColumnValuesToNotBeNull(column=id_column, notes="primary key: no missing ids"),
        gxe.ExpectColumnValuesToBeUnique(column=id_column, notes="primary key: one row per entity"),
        gxe.ExpectColumnValuesToNotBeNull(column=CODE_COLUMN, notes="every entity is assigned a segment"),
        gxe.ExpectColumnValuesToBeInSet(
            column=CODE_COLUMN, value_set=codes, notes="codes in the allowed set"
        ),
        gxe.ExpectColumnDistinctValuesToContainSet(
            column=CODE_COLUMN, value_set=expected, notes="every segment is non-empty"
        ),
        gxe.ExpectTableRowCountToEqual(
            value=cohort_rows, notes=f"one row per eligible entity: {cohort_label}"
        ),
        *(
            gxe.ExpectColumnValuesToNotBeNull(column=column, notes="labels come from the segment-name seed")
            for column in LABEL_COLUMNS
        ),
    ]


def profile_expectations(segment_rows: int) -> list[Expectation]:
    return [
        gxe.ExpectColumnValuesToBeUnique(column=ENGINE_KEY_COLUMN, notes="one profile row per segment"),
        gxe.ExpectColumnSumToBeBetween(
            column=SIZE_COLUMN,
            min_value=segment_rows,
            max_value=segment_rows,
            notes=f"profile sizes add up to the segment table's {segment_rows} rows",
        ),
        gxe.ExpectColumnSumToBeBetween(
            column=SHARE_COLUMN,
            min_value=1 - SHARE_TOLERANCE,
            max_value=1 + SHARE_TOLERANCE,
            notes=f"shares add up to 1 (± {SHARE_TOLERANCE})",
        ),
        gxe.ExpectColumnValuesToBeNull(
            column=NAME_WARNING_COLUMN,
            severity=FailureSeverity.WARNING,
            notes="every labels-seed name is supported by its segment's profile (else the profile name "
            "stands and the unexpected values say which segment and claim failed)",
        ),
    ]


def centroid_expectations(profile_segments: int) -> list[Expectation]:
    return [
        gxe.ExpectColumnUniqueValueCountToBeBetween(
            column=ENGINE_KEY_COLUMN,
            min_value=profile_segments,
            max_value=profile_segments,
            notes=f"one centroid per profiled segment ({profile_segments})",
        ),
    ]


def k_selection_expectations(profile_segments: int) -> list[Expectation]:
    return [
        gxe.ExpectColumnSumToBeBetween(
            column=CHOSEN_COLUMN, min_value=1, max_value=1, notes="exactly one k is chosen"
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column=K_COLUMN,
            value_set=[profile_segments],
            row_condition=Column(CHOSEN_COLUMN) == True,  # noqa: E712 (builds a GE condition)
            notes=f"the chosen k is the number of profiled segments ({profile_segments})",
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column=RESTARTS_COLUMN, min_value=1, notes="a restarted fit ran at least once (null for Ward)"
        ),
    ]


def same_run_expectations(side_columns: Sequence[str], run_ids: Sequence[str]) -> list[Expectation]:
    """A side table carrying ``run_id`` must hold only the segment table's run (not a stale one)."""
    if RUN_ID_COLUMN not in side_columns or not run_ids:
        return []
    return [
        gxe.ExpectColumnValuesToBeInSet(
            column=RUN_ID_COLUMN, value_set=list(run_ids), notes="written by the segment table's engine run"
        )
    ]


def scaler_expectations() -> list[Expectation]:
    return [gxe.ExpectTableRowCountToBeBetween(min_value=1, notes="the fitted scaler is stored")]


def _missing(name: str, model: str, relation: Relation, why: str) -> SuitePlan:
    return SuitePlan(name=name, model=model, relation=relation, columns=(), expectations=(), missing=why)


def _plan(
    name: str,
    model: str,
    relation: Relation,
    present: Sequence[str],
    expectations: list[Expectation],
    distinct: bool = False,
) -> SuitePlan:
    """Load only the columns the expectations use; an absent one is left for GE to fail on, by name."""
    columns: list[str] = []
    for expectation in expectations:
        column = getattr(expectation, "column", None)
        if isinstance(column, str) and column in present and column not in columns:
            columns.append(column)
    return SuitePlan(name, model, relation, tuple(columns), tuple(expectations), distinct=distinct)


def _cohort_label(model: SegmentModel, rows: int) -> str:
    where = f" where {model.cohort.where}" if model.cohort.where else ""
    return f"{rows} rows of {model.cohort.model}{where}"


def plan_model(connection: duckdb.DuckDBPyConnection, model: SegmentModel) -> list[SuitePlan]:
    """The suites for one segment model: its own table plus, when engine-built, its side tables."""
    relation = model.relation
    columns = warehouse.table_columns(connection, relation)
    if columns is None:
        return [
            _missing(model.name, model.name, relation, f"table {relation.display} not found (not built?)")
        ]

    cohort_rows = warehouse.cohort_count(connection, model.cohort, model.unique_id)
    profiles = relation.sibling(PROFILES)
    profile_columns = warehouse.table_columns(connection, profiles)
    engine_built = ENGINE_KEY_COLUMN in columns and profile_columns is not None

    allowed = model.allowed_codes
    expected: tuple[str, ...] | None = None
    if engine_built and profile_columns is not None and CODE_COLUMN in profile_columns:
        expected = tuple(warehouse.distinct_values(connection, profiles, CODE_COLUMN))
    if allowed is None:
        if not engine_built or profile_columns is None:
            raise ConfigError(
                f"model {model.unique_id} meta.validation.allowed_codes: required unless the table is "
                f"engine-built (a '{ENGINE_KEY_COLUMN}' column and a {profiles.display} table)"
            )
        if CODE_COLUMN not in profile_columns:
            raise ConfigError(
                f"model {model.unique_id}: allowed_codes is absent and {profiles.display} has no "
                f"'{CODE_COLUMN}' column to take them from"
            )
        allowed = tuple(warehouse.distinct_values(connection, profiles, CODE_COLUMN))
        if not allowed:
            raise ConfigError(f"model {model.unique_id}: {profiles.display} lists no segment codes")

    label = _cohort_label(model, cohort_rows)
    expectations = segment_expectations(model.id_column, allowed, cohort_rows, label, expected or None)
    if engine_built and RUN_ID_COLUMN in columns:
        expectations.append(
            gxe.ExpectColumnUniqueValueCountToBeBetween(
                column=RUN_ID_COLUMN,
                min_value=1,
                max_value=1,
                notes="the whole table comes from one engine run",
            )
        )
    plans = [_plan(model.name, model.name, relation, columns, expectations)]
    if not engine_built or profile_columns is None:
        return plans

    return [*plans, *plan_side_tables(connection, model, columns, profile_columns)]


def plan_side_tables(
    connection: duckdb.DuckDBPyConnection,
    model: SegmentModel,
    columns: Sequence[str],
    profile_columns: Sequence[str],
) -> list[SuitePlan]:
    """Suites on an engine-built table's side tables.

    The engine's profiles are long (one row per segment x profiled feature, ``n`` and ``share`` repeated),
    so the profile suite runs on the distinct (segment, n, share) rows: a segment listed twice there means
    its size is inconsistent. Every side table must come from the same engine run as the segment table.
    """
    relation = model.relation
    run_ids = (
        warehouse.distinct_values(connection, relation, RUN_ID_COLUMN) if RUN_ID_COLUMN in columns else []
    )
    profiles = relation.sibling(PROFILES)
    profile_checks = profile_expectations(warehouse.row_count(connection, relation))
    plans = [
        _plan(
            model.name + PROFILES,
            model.name,
            profiles,
            profile_columns,
            profile_checks + same_run_expectations(profile_columns, run_ids),
            distinct=True,
        )
    ]
    profile_segments = (
        warehouse.count_distinct(connection, profiles, ENGINE_KEY_COLUMN)
        if ENGINE_KEY_COLUMN in profile_columns
        else 0
    )

    for suffix in (CENTROIDS, SCALER, K_SELECTION):
        side = relation.sibling(suffix)
        side_columns = warehouse.table_columns(connection, side)
        name = model.name + suffix
        if side_columns is None:
            plans.append(_missing(name, model.name, side, f"side table {side.display} not found"))
            continue
        if suffix == CENTROIDS:
            checks = centroid_expectations(profile_segments)
        elif suffix == SCALER:
            checks = scaler_expectations()
        else:
            checks = k_selection_expectations(profile_segments)
        checks += same_run_expectations(side_columns, run_ids)
        plans.append(_plan(name, model.name, side, side_columns, checks))
    return plans
