"""The dbt side of the engine: read the YAML config, load the features, write the side tables.

dbt only passes a Python model the config keys its own file names in a literal ``dbt.config.get("...")``
call, so an engine in a package could not see ``meta``. ``macros/segmentation/build_config_dict.sql``
overrides dbt's ``build_config_dict`` so every Python model's ``dbt.config.get("meta")`` returns the
model's full ``meta`` (YAML-declared or in-file). ``read_model_config`` also accepts a model file that
calls ``dbt.config.meta_get("segmentation")`` itself.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

import pandas as pd

from python_jobs.arrow_frames import duckdb_frame
from python_jobs.log_setup import log_to_dbt
from python_jobs.segmentation import contract
from python_jobs.segmentation.assemble import SegmentationResult
from python_jobs.segmentation.config import SegmentationConfig, SegmentationConfigError, parse_config
from python_jobs.segmentation.fit import run_segmentation
from python_jobs.segmentation.scoring import StoredModel, StoredModelMismatch, score_with_stored_model
from python_jobs.segmentation.stable_ids import PreviousRun
from python_jobs.sql_names import qualified_name, quote_identifier

logger = logging.getLogger(__name__)


def read_model_config(dbt: Any) -> SegmentationConfig:
    """The model's ``meta.segmentation`` block, parsed and validated."""
    identifier = str(dbt.this.identifier)
    default_name = identifier.removeprefix("seg_")
    meta = dbt.config.get("meta") or {}
    raw = meta.get("segmentation") if isinstance(meta, dict) else None
    if raw is None and hasattr(dbt.config, "meta_get"):
        raw = dbt.config.meta_get("segmentation")
    if raw is None:
        raise SegmentationConfigError(
            f"model {identifier!r}: no config.meta.segmentation block found. Declare it in the model's YAML "
            "(config: meta: segmentation: ...) and keep macros/segmentation/build_config_dict.sql "
            "in the project."
        )
    return parse_config(raw, default_name)


def load_frame(
    relation: Any, columns: tuple[str, ...], where: str | None, order_by: str | None = None
) -> pd.DataFrame:
    """Filter and project in DuckDB, move only those columns to pandas, then order by ``order_by``.

    A table written by a parallel query has no guaranteed row order, and the engine's seeded samples pick
    row positions: ordering by the entity id keeps reruns on the same data identical. The order is applied
    in pandas after the transfer, where a stable sort of the (nearly ordered) frame is far cheaper than
    DuckDB's ORDER BY. The transfer goes through Arrow with DuckDB's own dtypes (``duckdb_frame``). A
    DataFrame is taken in the order given.
    """
    if isinstance(relation, pd.DataFrame):
        if where:
            raise SegmentationConfigError("a 'where' filter needs a DuckDB relation, not a DataFrame")
        return relation[list(columns)].copy()
    if where:
        relation = relation.filter(where)
    projected = relation.project(", ".join(quote_identifier(column) for column in columns))
    frame = duckdb_frame(projected.to_arrow_table())
    if order_by is not None:
        frame = frame.sort_values(order_by, kind="stable", ignore_index=True)
    return frame


def _table_exists(session: Any, database: str, schema: str, table: str) -> bool:
    rows = session.execute(
        "select count(*) from information_schema.tables "
        "where table_catalog = ? and table_schema = ? and table_name = ?",
        [database, schema, table],
    ).fetchall()
    return bool(rows[0][0])


def _read_side_table(
    session: Any,
    database: str,
    schema: str,
    identifier: str,
    side: contract.Table,
    columns: tuple[str, ...] | None = None,
) -> pd.DataFrame | None:
    """Side table ``side`` of the model (``columns`` of it, default all), or None when it does not exist."""
    table = side.table_name(identifier)
    if not _table_exists(session, database, schema, table):
        return None
    projection = "*" if columns is None else ", ".join(quote_identifier(side.column(c)) for c in columns)
    return session.execute(f"select {projection} from {qualified_name(database, schema, table)}").df()


def read_previous_run(session: Any, database: str, schema: str, identifier: str) -> PreviousRun | None:
    """The previous run's centroids (and lineage) from ``<model>__centroids`` / ``<model>__lineage``."""
    this = (session, database, schema, identifier)
    centroid_columns = ("run_id", "segment_id", "feature", "centroid_unscaled")
    centroids = _read_side_table(*this, contract.CENTROIDS, centroid_columns)
    if centroids is None:
        return None
    lineage = _read_side_table(*this, contract.LINEAGE, ("max_segment_id_issued",))
    return PreviousRun(centroids=centroids, lineage=lineage)


def write_side_tables(
    session: Any, database: str, schema: str, identifier: str, result: SegmentationResult
) -> None:
    """Replace ``<model>__<name>`` for every side table, in the model's own schema. An optional side table
    this run does not write is dropped, so none from an earlier run is left beside the new segment table.
    A table that keeps history (``__lineage``) gets this run's rows in place of any it had of the same run."""

    def target(side: contract.Table) -> str:
        return qualified_name(database, schema, side.table_name(identifier))

    tables = result.side_tables()
    for side in contract.SIDE_TABLES:
        if side.name not in tables:
            if side.optional:
                session.execute(f"drop table if exists {target(side)}")
            continue
        view = f"__segmentation_{identifier}_{side.name}"
        session.register(view, tables[side.name])
        try:
            source = quote_identifier(view)
            if side.keeps_history and _table_exists(session, database, schema, side.table_name(identifier)):
                session.execute(f"delete from {target(side)} where run_id = ?", [result.run_id])
                session.execute(f"insert into {target(side)} by name select * from {source}")
            else:
                session.execute(f"create or replace table {target(side)} as select * from {source}")
        finally:
            session.unregister(view)


MODE_ENV = "SEGMENTATION_MODE"
MODES = ("fit", "score")


def segmentation_mode() -> str:
    """``SEGMENTATION_MODE``: ``fit`` (default: sweep, fit, match ids) or ``score`` (assign to the stored
    model, for daily runs between scheduled refits)."""
    mode = os.environ.get(MODE_ENV, "fit").strip().lower() or "fit"
    if mode not in MODES:
        raise SegmentationConfigError(f"{MODE_ENV} must be one of {MODES}, got {mode!r}")
    return mode


def read_stored_model(session: Any, database: str, schema: str, identifier: str) -> StoredModel | None:
    """The previous fit's scaler, centroids, k-selection and lineage tables; None when one is missing."""
    tables = {}
    for side in contract.STORED_MODEL:
        table = _read_side_table(session, database, schema, identifier, side)
        if table is None:
            return None
        tables[side.name] = table
    return StoredModel(**tables)


def _score_or_none(
    session: Any,
    this: tuple[str, str, str],
    frame: pd.DataFrame,
    config: SegmentationConfig,
    labels: pd.DataFrame | None,
) -> SegmentationResult | None:
    """Score with the stored model; None (and a logged reason) when there is none or it is stale."""
    stored = read_stored_model(session, *this)
    if stored is None:
        logger.info("segmentation %s: %s=score but no stored model yet: fitting", config.name, MODE_ENV)
        return None
    try:
        return score_with_stored_model(frame, config, stored, labels=labels, relation=this[2])
    except StoredModelMismatch as error:
        logger.warning("%s: fitting instead", error)
        return None


def build_segmentation(dbt: Any, session: Any, features: Any, labels: Any = None) -> pd.DataFrame:
    """The whole body of a segmentation model: returns the segment table, writes the side tables. The
    engine's log records go to dbt's output (``log_to_dbt``)."""
    started = time.perf_counter()
    log_to_dbt()
    config = read_model_config(dbt)
    database, schema, identifier = str(dbt.this.database), str(dbt.this.schema), str(dbt.this.identifier)
    frame = load_frame(features, config.input_columns, config.where, order_by=config.entity_id)
    label_frame = None
    if labels is not None:
        label_frame = labels if isinstance(labels, pd.DataFrame) else labels.df()
    mode = segmentation_mode()
    steps = {"load": time.perf_counter() - started}
    step = time.perf_counter()
    result = None
    if mode == "score":
        result = _score_or_none(session, (database, schema, identifier), frame, config, label_frame)
    if result is None:
        mode = "fit"
        previous = read_previous_run(session, database, schema, identifier)
        result = run_segmentation(frame, config, previous=previous, labels=label_frame, relation=identifier)
    steps["engine"] = time.perf_counter() - step
    step = time.perf_counter()
    write_side_tables(session, database, schema, identifier, result)
    steps["side tables"] = time.perf_counter() - step
    elapsed = time.perf_counter() - started
    detail = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in steps.items())
    logger.info(
        "segmentation %s (%s): %s rows, k=%s, run %s, %.1fs (%s)",
        config.name,
        mode,
        len(frame),
        result.k,
        result.run_id,
        elapsed,
        detail,
    )
    return result.segments
