"""Command line: validate every segment model declared in the dbt manifest.

Exit codes: 0 every suite passed, 1 at least one suite failed (the failed expectations are listed),
2 usage or configuration error (no manifest or warehouse, a bad ``meta.validation`` block, ...).
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from python_jobs.log_setup import configure_cli_logging
from python_jobs.paths import build_warehouse_path, dbt_target_dir, reports_dir
from python_jobs.validation import warehouse
from python_jobs.validation.docs_folder import check_docs_dir
from python_jobs.validation.manifest import ConfigError, SegmentModel, load_manifest, segment_models
from python_jobs.validation.results import SuiteOutcome, results_table, write_results

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m python_jobs.validation",
        description="Run Great Expectations suites on every segment model that declares meta.validation "
        "in the dbt manifest; append results to audit.validation_results and render Data Docs.",
        epilog="Exit codes: 0 all suites passed, 1 a suite failed, 2 usage or configuration error.",
    )
    parser.add_argument(
        "--manifest",
        type=Path,
        default=None,
        help="dbt manifest.json (default: $DBT_TARGET_PATH/manifest.json, i.e. target/manifest.json)",
    )
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        help="DuckDB file (default: the build warehouse dbt writes, $DUCKDB_BUILD_PATH)",
    )
    parser.add_argument(
        "--reports-dir",
        type=Path,
        default=None,
        help="Data Docs go to <dir>/data_docs (default: $REPORTS_DIR)",
    )
    parser.add_argument(
        "--select",
        action="append",
        default=None,
        metavar="MODEL",
        help="validate only this model (repeatable)",
    )
    parser.add_argument("--run-id", default=None, help="identifier stored with the results (default: random)")
    parser.add_argument("--no-data-docs", action="store_true", help="skip rendering Data Docs")
    parser.add_argument(
        "--allow-empty",
        action="store_true",
        help="exit 0 when no model declares meta.validation (default: a configuration error)",
    )
    return parser


def single_database(models: Sequence[SegmentModel]) -> str:
    """The warehouse database every validated relation lives in (one DuckDB file is attached)."""
    databases = sorted(
        {model.relation.database for model in models} | {model.cohort.relation.database for model in models}
    )
    if len(databases) != 1:
        raise ConfigError(
            f"validated models span several databases {databases}; only one warehouse is attached"
        )
    return databases[0]


def summary_lines(suites: Sequence[SuiteOutcome]) -> list[str]:
    """A fixed-width table: suite, expectations, failed."""
    width = max([len("suite"), *(len(suite.name) for suite in suites)])
    lines = [f"{'suite':<{width}}  {'expectations':>12}  {'failed':>6}"]
    lines += [f"{suite.name:<{width}}  {len(suite.outcomes):>12}  {len(suite.failed):>6}" for suite in suites]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_cli_logging()
    started = time.perf_counter()
    manifest_path = args.manifest or dbt_target_dir() / "manifest.json"
    warehouse_file = args.warehouse or build_warehouse_path()
    docs_dir = None if args.no_data_docs else (args.reports_dir or reports_dir()) / "data_docs"
    run_id = args.run_id or uuid.uuid4().hex
    validated_at = datetime.now(UTC)

    try:
        models = segment_models(load_manifest(manifest_path), args.select)
        if not models:
            message = f"no model in {manifest_path} declares meta.validation"
            if args.allow_empty:
                print(f"validation: {message}; nothing to do")
                return EXIT_OK
            raise ConfigError(message + " (pass --allow-empty to accept that)")
        if docs_dir is not None:
            check_docs_dir(docs_dir)
        database = single_database(models)
        print(f"validation run {run_id}: {len(models)} segment model(s) from {manifest_path}")
        connection = warehouse.connect(warehouse_file, database)
    except ConfigError as error:
        print(f"validation: configuration error: {error}", file=sys.stderr)
        return EXIT_CONFIG

    # Imported only now so that --help and configuration errors answer without loading GE, which is slow.
    from python_jobs.validation import runner
    from python_jobs.validation.suites import plan_model

    try:
        plans = [plan for model in models for plan in plan_model(connection, model)]
        context = runner.make_context(docs_dir)
        suites = runner.run_suites(context, connection, plans, run_id, validated_at)
        results_relation = write_results(connection, database, results_table(run_id, validated_at, suites))
        docs_index = runner.build_data_docs(context, docs_dir) if docs_dir is not None else None
    except ConfigError as error:
        print(f"validation: configuration error: {error}", file=sys.stderr)
        return EXIT_CONFIG
    except duckdb.Error as error:
        print(f"validation: warehouse error: {error}", file=sys.stderr)
        return EXIT_CONFIG
    finally:
        connection.close()

    print()
    print("\n".join(summary_lines(suites)))
    print(f"results:   {results_relation} (run_id {run_id})")
    if docs_index is not None:
        print(f"data docs: {docs_index}")
    failed = [outcome for suite in suites for outcome in suite.failed]
    print(f"elapsed:   {time.perf_counter() - started:.2f} s")
    warnings = [outcome for suite in suites for outcome in suite.warnings]
    if warnings:
        print(f"\nWARNING: {len(warnings)} expectation(s) of severity warning failed (the run still passes)")
        for outcome in warnings:
            print(f"  - {outcome.describe()}")
    if failed:
        print(f"\nFAILED: {len(failed)} expectation(s) in {sum(not s.success for s in suites)} suite(s)")
        for outcome in failed:
            print(f"  - {outcome.describe()}")
        return EXIT_FAILED
    print(f"\nall {len(suites)} suite(s) passed")
    return EXIT_OK
