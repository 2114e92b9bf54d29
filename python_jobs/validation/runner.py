"""Great Expectations plumbing: an ephemeral context, pandas batches, and a local Data Docs site.

GE 1.24's SQL datasource fails on DuckDB, so every suite runs on a pandas DataFrame loaded through Arrow.
The context lives in memory (no ``gx/`` folder, no network); the only files written are the Data Docs.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import great_expectations as gx
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context import AbstractDataContext
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

from python_jobs.validation import warehouse
from python_jobs.validation.docs_folder import check_docs_dir
from python_jobs.validation.results import SuiteOutcome, missing_table_outcome, outcome_from_result
from python_jobs.validation.suites import SuitePlan

logger = logging.getLogger(__name__)

DOCS_SITE = "local_site"
DATASOURCE = "warehouse"


def make_context(docs_dir: Path | None) -> AbstractDataContext:
    """An in-memory GE context with analytics and progress bars off and, optionally, a local docs site."""
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    sites: dict[str, Any] = {}
    if docs_dir is not None:
        sites[DOCS_SITE] = {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites=sites,
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def run_suites(
    context: AbstractDataContext,
    connection: duckdb.DuckDBPyConnection,
    plans: Sequence[SuitePlan],
    run_id: str,
    run_time: datetime,
) -> list[SuiteOutcome]:
    """Run every planned suite; results stay in the context's stores for Data Docs."""
    datasource = context.data_sources.add_pandas(DATASOURCE)
    identifier = RunIdentifier(run_name=run_id, run_time=run_time)
    outcomes = []
    for number, plan in enumerate(plans, start=1):
        table = plan.relation.display
        if plan.missing is not None:
            logger.info("  [%d/%d] %s: %s", number, len(plans), plan.name, plan.missing)
            outcome = missing_table_outcome(plan.name, plan.model, table, plan.missing)
            outcomes.append(SuiteOutcome(plan.name, plan.model, table, (outcome,)))
            continue
        frame = warehouse.load_frame(connection, plan.relation, list(plan.columns), plan.distinct)
        logger.info("  [%d/%d] %s: %s rows from %s", number, len(plans), plan.name, f"{len(frame):,}", table)
        batch_definition = datasource.add_dataframe_asset(plan.name).add_batch_definition_whole_dataframe(
            "whole_table"
        )
        suite = context.suites.add(
            gx.ExpectationSuite(
                name=plan.name,
                expectations=[expectation.copy(deep=True) for expectation in plan.expectations],
                meta={"table": table, "model": plan.model},
            )
        )
        order = {expectation.id: index for index, expectation in enumerate(suite.expectations)}
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=plan.name, data=batch_definition, suite=suite)
        )
        result = definition.run(batch_parameters={"dataframe": frame}, run_id=identifier)
        configured = [(expectation_config(plan.name, item), item) for item in result.results]
        configured.sort(key=lambda pair: order.get(pair[0].id, len(order)))
        expectation_outcomes = tuple(
            outcome_from_result(
                plan.name,
                plan.model,
                table,
                config.type,
                config.kwargs,
                bool(item.success),
                item.result or {},
                item.exception_info,
                config.severity.value,
            )
            for config, item in configured
        )
        outcomes.append(SuiteOutcome(plan.name, plan.model, table, expectation_outcomes))
    return outcomes


def expectation_config(suite: str, item: Any) -> ExpectationConfiguration:
    """The expectation a GE result belongs to (GE types it optional; a result without one is a GE bug)."""
    config = item.expectation_config
    if config is None:
        raise RuntimeError(f"suite {suite}: Great Expectations returned a result without its expectation")
    return config


def build_data_docs(context: AbstractDataContext, docs_dir: Path) -> Path:
    """Render this run's suites and results; the folder is replaced so it shows only the latest run."""
    check_docs_dir(docs_dir)
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    docs_dir.mkdir(parents=True)
    context.build_data_docs(site_names=[DOCS_SITE])
    index = docs_dir / "index.html"
    if not index.is_file():
        logger.warning("Data Docs index was not written to %s", index)
    return index
