"""What the segment explorer and the HTML report show, read from a warehouse in small aggregated queries.

Every function takes an open DuckDB connection (read-only in the explorer) and returns plain dataclasses
or small data frames: sizes, profiles and moves are aggregated in SQL, so a page never pulls a segment
table with a million rows into Python. The entity id is the first column of every ``seg_<audience>``
table (the engine's and the rule models' contract), and the lookup and audience lists return ids, codes,
names and actions only: no other column of a segment table leaves the warehouse here.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from python_jobs.sql_names import qualified_name, schema_tables

MARTS_SCHEMA = "marts"
# A persona card shows the features that set a segment apart most, by absolute standardised difference.
TOP_FEATURES = 4
RULE_MEAN_PREFIX = "mean_"
RULE_RATE_SUFFIX = "_rate"
RULE_COUNT_COLUMNS = ("contact_count", "entity_count", "n")


@dataclass(frozen=True)
class Segmentation:
    """One segment table: its size, run and the verdict of its latest validation run."""

    table: str
    entity_column: str
    entities: int
    segments: int
    run_id: str | None
    validation_run_id: str | None
    expectations: int
    failed_expectations: int  # failed expectations of severity error: the suite failed
    warnings: int = 0  # failed expectations of severity warning: reported, the run still passes

    @property
    def name(self) -> str:
        return self.table.removeprefix("seg_")

    @property
    def validation_status(self) -> str:
        if self.validation_run_id is None:
            return "not validated"
        if self.failed_expectations:
            return f"{self.failed_expectations} failed"
        return f"passed with {self.warnings} warning(s)" if self.warnings else "passed"


@dataclass(frozen=True)
class FeatureLift:
    feature: str
    mean: float
    population_mean: float
    lift: float | None
    std_difference: float | None


@dataclass(frozen=True)
class Persona:
    """A segment as a marketer reads it: name, action, size and what sets it apart."""

    segment_code: str
    segment_name: str
    marketing_action: str
    entities: int
    share: float
    features: tuple[FeatureLift, ...]  # clustered or rule features, furthest from everyone first
    outcomes: tuple[FeatureLift, ...]  # measured but not segmented on: close rate, CTR, days to close


def list_segment_tables(connection: duckdb.DuckDBPyConnection, schema: str = MARTS_SCHEMA) -> list[str]:
    """Segment tables (``seg_*`` without a ``__`` side-table suffix) that carry a ``segment_code``."""
    rows = connection.execute(
        """
        select table_name
        from information_schema.columns
        where table_schema = ? and column_name = 'segment_code'
            and starts_with(table_name, 'seg_') and not contains(table_name, '__')
        order by table_name
        """,
        [schema],
    ).fetchall()
    return [row[0] for row in rows]


def lift_label(lift: float | None) -> str:
    """``▲ 1.35×`` for over-indexing, ``▼ 0.42×`` for under-indexing, ``–`` where no lift is defined."""
    if lift is None:
        return "–"
    return f"{'▲' if lift > 1 else '▼' if lift < 1 else '='} {lift:.2f}×"


def _relation(table: str) -> str:
    return qualified_name(MARTS_SCHEMA, table)


def _columns(connection: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = connection.execute(
        "select column_name from information_schema.columns"
        " where table_schema = ? and table_name = ? order by ordinal_position",
        [MARTS_SCHEMA, table],
    ).fetchall()
    return [row[0] for row in rows]


def _latest_validation(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Expectations, failures and warnings per model of the latest validation run (empty when never
    validated); results written before severities existed count as errors."""
    if "validation_results" not in schema_tables(connection, "audit"):
        return pd.DataFrame(columns=["model_name", "run_id", "expectations", "failed", "warnings"])
    columns = connection.execute(
        "select column_name from information_schema.columns"
        " where table_schema = 'audit' and table_name = 'validation_results'"
    ).fetchall()
    severity = "coalesce(severity, 'error')" if ("severity",) in columns else "'error'"
    return connection.execute(
        f"""
        with latest as (
            select run_id from audit.validation_results order by validated_at desc limit 1
        )
        select
            model_name,
            run_id,
            count(*) as expectations,
            count(*) filter (where not success and {severity} <> 'warning') as failed,
            count(*) filter (where not success and {severity} = 'warning') as warnings
        from audit.validation_results
        where run_id = (select run_id from latest)
        group by model_name, run_id
        """
    ).df()


def segmentations(connection: duckdb.DuckDBPyConnection) -> list[Segmentation]:
    """Every segment table of the marts schema with its size, run id and validation verdict."""
    validation = _latest_validation(connection).set_index("model_name")
    found = []
    for table in list_segment_tables(connection, MARTS_SCHEMA):
        columns = _columns(connection, table)
        run_id_sql = "any_value(run_id)" if "run_id" in columns else "null"
        entities, segments, run_id = connection.execute(
            f"select count(*), count(distinct segment_code), {run_id_sql} from {_relation(table)}"
        ).fetchone() or (0, 0, None)
        checked = validation.loc[table] if table in validation.index else None
        found.append(
            Segmentation(
                table=table,
                entity_column=columns[0],
                entities=int(entities),
                segments=int(segments),
                run_id=None if run_id is None else str(run_id),
                validation_run_id=None if checked is None else str(checked["run_id"]),
                expectations=0 if checked is None else int(checked["expectations"]),
                failed_expectations=0 if checked is None else int(checked["failed"]),
                warnings=0 if checked is None else int(checked["warnings"]),
            )
        )
    return found


def segment_sizes(connection: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    """segment_code, segment_name, marketing_action, entities, share: one row per segment, largest first."""
    action = "any_value(marketing_action)" if "marketing_action" in _columns(connection, table) else "null"
    return connection.execute(
        f"""
        select
            segment_code,
            any_value(segment_name) as segment_name,
            {action} as marketing_action,
            count(*) as entities,
            count(*) / sum(count(*)) over () as share
        from {_relation(table)}
        group by segment_code
        order by entities desc, segment_code
        """
    ).df()


Lifts = dict[str, tuple[FeatureLift, ...]]


def _ranked(items: list[FeatureLift]) -> tuple[FeatureLift, ...]:
    """The features furthest from everyone first (over- and under-indexing alike)."""
    return tuple(
        sorted(items, key=lambda item: (-abs(item.std_difference or 0.0), item.feature))[:TOP_FEATURES]
    )


def _optional(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _engine_lifts(profiles: pd.DataFrame, clustered: bool) -> Lifts:
    """Per segment code of an engine ``__profiles`` table (long: one row per feature), its clustered
    features (``clustered``) or its profiled-only outcomes."""
    rows = profiles[profiles["is_clustered"].astype(bool) == clustered]
    return {
        str(code): _ranked(
            [
                FeatureLift(
                    feature=str(row.feature),
                    mean=float(row.mean),
                    population_mean=float(row.population_mean),
                    lift=_optional(row.lift),
                    std_difference=_optional(row.std_difference),
                )
                for row in group.itertuples(index=False)
            ]
        )
        for code, group in rows.groupby("segment_code", sort=False)
    }


def _rule_lifts(profiles: pd.DataFrame, columns: list[str], prefix: str = "") -> Lifts:
    """Per segment of a rule ``__profiles`` table (wide: one column per measure), the given columns.
    Rule profiles keep no per-member spread, so the population value is the size-weighted mean of the
    segment values, the lift their ratio, and ``std_difference`` the distance in units of the spread of
    the segment values (a ranking, not a per-member standardised difference)."""
    count_column = next((column for column in RULE_COUNT_COLUMNS if column in profiles.columns), None)
    if count_column is None or not columns:
        return {}
    weights = profiles[count_column].astype(float)
    total = float(weights.sum())
    values = profiles[columns].astype(float)
    population = {
        column: float((values[column] * weights).sum() / total) if total else 0.0 for column in columns
    }
    spread = {column: float(values[column].std(ddof=0) or 0.0) for column in columns}
    lifts: Lifts = {}
    for index, code in profiles["segment_code"].items():
        items = []
        for column in columns:
            value, base = float(values.at[index, column]), population[column]
            items.append(
                FeatureLift(
                    feature=column.removeprefix(prefix),
                    mean=value,
                    population_mean=base,
                    lift=value / base if base else None,
                    std_difference=(value - base) / spread[column] if spread[column] else None,
                )
            )
        lifts[str(code)] = _ranked(items)
    return lifts


def _profile_lifts(connection: duckdb.DuckDBPyConnection, table: str) -> tuple[Lifts, Lifts]:
    """(features, outcomes) per segment code from ``<table>__profiles``; empty without one. Engine
    profiles mark outcomes as profiled but not clustered; rule profiles carry them as ``*_rate`` columns."""
    profile_table = f"{table}__profiles"
    if profile_table not in schema_tables(connection, MARTS_SCHEMA):
        return {}, {}
    profiles = connection.execute(f"select * from {_relation(profile_table)}").df()
    if {"feature", "std_difference", "is_clustered", "segment_code"} <= set(profiles.columns):
        return _engine_lifts(profiles, clustered=True), _engine_lifts(profiles, clustered=False)
    if "segment_code" not in profiles.columns:
        return {}, {}
    means = [column for column in profiles.columns if column.startswith(RULE_MEAN_PREFIX)]
    rates = [column for column in profiles.columns if column.endswith(RULE_RATE_SUFFIX)]
    return _rule_lifts(profiles, means, RULE_MEAN_PREFIX), _rule_lifts(profiles, rates)


def personas(connection: duckdb.DuckDBPyConnection, table: str) -> list[Persona]:
    """One persona per segment, largest first, with the features that set it apart and its outcomes."""
    features, outcomes = _profile_lifts(connection, table)
    return [
        Persona(
            segment_code=str(row.segment_code),
            segment_name=str(row.segment_name),
            marketing_action="" if pd.isna(row.marketing_action) else str(row.marketing_action),
            entities=int(row.entities),
            share=float(row.share),
            features=features.get(str(row.segment_code), ()),
            outcomes=outcomes.get(str(row.segment_code), ()),
        )
        for row in segment_sizes(connection, table).itertuples(index=False)
    ]


def k_selection(connection: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame | None:
    """The engine's k sweep of the segment table's run (one row per k), or None for a rule segmentation."""
    side = f"{table}__k_selection"
    if side not in schema_tables(connection, MARTS_SCHEMA):
        return None
    return connection.execute(f"select * from {_relation(side)} order by k").df()


def moves(connection: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame | None:
    """Entered and exited counts per run and segment from ``<table>__membership_events``, newest run first;
    None when the warehouse keeps no membership history for the table."""
    side = f"{table}__membership_events"
    if side not in schema_tables(connection, MARTS_SCHEMA):
        return None
    return connection.execute(
        f"""
        select
            run_id,
            max(published_at) as published_at,
            segment_code,
            count(*) filter (where event = 'entered') as entered,
            count(*) filter (where event = 'exited') as exited
        from {_relation(side)}
        group by run_id, segment_code
        order by published_at desc, segment_code
        """
    ).df()


def lookup(connection: duckdb.DuckDBPyConnection, entity_id: str) -> pd.DataFrame:
    """The segments one id belongs to, across every segmentation (ids compared as text)."""
    parts = []
    for found in segmentations(connection):
        action = "marketing_action" if "marketing_action" in _columns(connection, found.table) else "null"
        parts.append(
            f"select '{found.table}' as segmentation, segment_code, segment_name,"
            f" {action} as marketing_action from {_relation(found.table)}"
            f" where cast({found.entity_column} as varchar) = $entity_id"
        )
    if not parts:
        return pd.DataFrame(columns=["segmentation", "segment_code", "segment_name", "marketing_action"])
    return connection.execute(
        " union all ".join(parts) + " order by segmentation", {"entity_id": entity_id}
    ).df()


def audience(connection: duckdb.DuckDBPyConnection, table: str, segment_code: str) -> pd.DataFrame:
    """The ids of one segment, ordered: what an audience list holds (no other column)."""
    entity = _columns(connection, table)[0]
    return connection.execute(
        f"select {entity} from {_relation(table)} where segment_code = ? order by {entity}", [segment_code]
    ).df()
