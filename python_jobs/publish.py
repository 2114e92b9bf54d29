"""Publish a validated build: replace the warehouse BI reads in one atomic step.

dbt writes the build warehouse (``paths.build_warehouse_path()``), and validation and the reports read it.
Only after ``dbt build`` and validation pass does ``publish`` check that every segment table and its side
tables come from one run, copy the build to a temporary file beside the published warehouse
(``paths.warehouse_path()``), record the publication in ``audit.publications`` there, flush it to disk and
``os.replace`` it over the published file. A reader connected to the old file keeps reading it (the
replaced file lives on until its last reader closes it); its next connection opens the new one. A failure
or a kill at any point before the rename leaves the published file byte for byte as it was; after it, the
new publication is complete (docs/decisions/0040-atomic-publish.md).

``python -m python_jobs.publish`` publishes the build by hand (after ``dbt build`` and validation);
``make run`` calls ``publish`` itself.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from python_jobs.log_setup import configure_cli_logging
from python_jobs.paths import build_warehouse_path, warehouse_path
from python_jobs.segmentation import contract
from python_jobs.sql_names import qualified_name, quote_identifier

logger = logging.getLogger(__name__)

MARTS_SCHEMA = "marts"
AUDIT_SCHEMA = "audit"
PUBLICATIONS_TABLE = "publications"
VALIDATION_TABLE = "validation_results"
# One row per publication and segment table: what a BI reader has on screen.
PUBLICATIONS_COLUMNS = (
    ("publication_id", "varchar"),
    ("published_at", "timestamp with time zone"),
    ("validation_run_id", "varchar"),
    ("segment_table", "varchar"),
    ("run_id", "varchar"),
    ("row_count", "bigint"),
)
EXIT_OK, EXIT_FAILED = 0, 1


class PublishError(RuntimeError):
    """The build cannot be published; the published warehouse was left as it was."""


@dataclass(frozen=True)
class SegmentRun:
    """A segment table of the build: its run id (None for rule-based tables, which carry none) and rows."""

    table: str
    run_id: str | None
    row_count: int


@dataclass(frozen=True)
class Publication:
    publication_id: str
    published_at: datetime
    validation_run_id: str
    segments: tuple[SegmentRun, ...]
    path: Path
    size_bytes: int
    copy_seconds: float
    swap_seconds: float

    def summary(self) -> dict[str, object]:
        """The figures ``run_summary.json`` keeps of the publish step."""
        return {
            "publication_id": self.publication_id,
            "published_at": self.published_at.isoformat(),
            "validation_run_id": self.validation_run_id,
            "path": str(self.path),
            "size_mb": round(self.size_bytes / 1024**2, 1),
            "copy_seconds": round(self.copy_seconds, 3),
            "swap_seconds": round(self.swap_seconds, 4),
        }


def _columns(connection: duckdb.DuckDBPyConnection, schema: str) -> dict[str, set[str]]:
    rows = connection.execute(
        "select table_name, column_name from information_schema.columns where table_schema = ?", [schema]
    ).fetchall()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(str(table), set()).add(str(column))
    return tables


def _run_ids(connection: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    relation = qualified_name(MARTS_SCHEMA, table)
    rows = connection.execute(f"select distinct run_id from {relation} where run_id is not null").fetchall()
    return {str(row[0]) for row in rows}


def segment_runs(connection: duckdb.DuckDBPyConnection) -> list[SegmentRun]:
    """Every segment table of the marts schema with its one run id, after checking that its side tables
    come from that run too; raises ``PublishError`` naming the tables and run ids that differ.

    A side table that keeps every run (``__lineage``) must hold the segment table's run; every other side
    table of the contract must hold that run only. Segment tables are ``seg_*`` with a ``segment_code``.
    """
    tables = _columns(connection, MARTS_SCHEMA)
    problems: list[str] = []
    runs: list[SegmentRun] = []
    segment_tables = sorted(
        name
        for name, columns in tables.items()
        if name.startswith("seg_") and "__" not in name
        if "segment_code" in columns
    )
    for table in segment_tables:
        relation = qualified_name(MARTS_SCHEMA, table)
        row_count = int(connection.execute(f"select count(*) from {relation}").fetchall()[0][0])
        if "run_id" not in tables[table]:
            runs.append(SegmentRun(table, None, row_count))
            continue
        ids = _run_ids(connection, table)
        if len(ids) > 1:
            problems.append(f"{table} holds rows of {len(ids)} runs: {sorted(ids)}")
            continue
        run_id = next(iter(ids), None)
        runs.append(SegmentRun(table, run_id, row_count))
        if run_id is None:
            continue
        for side in contract.SIDE_TABLES:
            name = side.table_name(table)
            if name not in tables:
                continue
            side_ids = _run_ids(connection, name)
            if side.keeps_history and run_id not in side_ids:
                problems.append(f"{name} has no rows of {table}'s run {run_id}")
            elif not side.keeps_history and side_ids - {run_id}:
                problems.append(f"{name} holds run(s) {sorted(side_ids - {run_id})}, {table} run {run_id}")
    if problems:
        raise PublishError("segment tables and side tables from different runs: " + "; ".join(problems))
    return runs


def check_validation(connection: duckdb.DuckDBPyConnection, validation_run_id: str | None) -> str:
    """The validation run to publish with (default: the latest), checked to exist and to have passed."""
    relation = qualified_name(AUDIT_SCHEMA, VALIDATION_TABLE)
    exists = connection.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [AUDIT_SCHEMA, VALIDATION_TABLE],
    ).fetchall()[0][0]
    if not exists:
        raise PublishError(f"the build has no {AUDIT_SCHEMA}.{VALIDATION_TABLE}: validate it first")
    if validation_run_id is None:
        latest = connection.execute(
            f"select run_id from {relation} order by validated_at desc limit 1"
        ).fetchall()
        if not latest:
            raise PublishError("the build has no validation run: run the validation job first")
        validation_run_id = str(latest[0][0])
    rows, failed = connection.execute(
        # A failed expectation of severity 'warning' is reported, not a reason to withhold the build.
        "select count(*), count(*) filter (where not success and coalesce(severity, 'critical') = 'critical')"
        f" from {relation} where run_id = ?",
        [validation_run_id],
    ).fetchall()[0]
    if rows == 0:
        raise PublishError(f"validation run {validation_run_id} is not in the build's {relation}")
    if failed:
        raise PublishError(f"validation run {validation_run_id} failed {failed} expectation(s)")
    return validation_run_id


def temporary_path(published: Path) -> Path:
    """Where the next publication is assembled: beside the published file, so the rename stays atomic."""
    return published.with_name(f".{published.name}.publishing")


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)


def _record(
    temporary: Path,
    published: Path,
    publication_id: str,
    published_at: datetime,
    validation_run_id: str,
    segments: Sequence[SegmentRun],
) -> None:
    """``audit.publications`` of the new file: the published file's rows (every earlier publication) and
    this publication's. The copy of the build may carry the table from a build seeded from a publication:
    it is replaced."""
    relation = qualified_name(AUDIT_SCHEMA, PUBLICATIONS_TABLE)
    columns = ", ".join(f"{quote_identifier(name)} {data_type}" for name, data_type in PUBLICATIONS_COLUMNS)
    with duckdb.connect(str(temporary)) as connection:
        connection.execute(f"create schema if not exists {quote_identifier(AUDIT_SCHEMA)}")
        connection.execute(f"create or replace table {relation} ({columns})")
        if published.exists():
            path = "'" + str(published).replace("'", "''") + "'"
            connection.execute(f"attach {path} as previous_publication (read_only)")
            previous = connection.execute(
                "select count(*) from information_schema.tables where table_catalog = 'previous_publication'"
                " and table_schema = ? and table_name = ?",
                [AUDIT_SCHEMA, PUBLICATIONS_TABLE],
            ).fetchall()[0][0]
            if previous:
                names = ", ".join(quote_identifier(name) for name, _ in PUBLICATIONS_COLUMNS)
                source = qualified_name("previous_publication", AUDIT_SCHEMA, PUBLICATIONS_TABLE)
                connection.execute(f"insert into {relation} select {names} from {source}")
            connection.execute("detach previous_publication")
        connection.executemany(
            f"insert into {relation} values (?, ?, ?, ?, ?, ?)",
            [
                [publication_id, published_at, validation_run_id, run.table, run.run_id, run.row_count]
                for run in segments
            ],
        )
        connection.execute("checkpoint")


def publish(build: Path, published: Path, validation_run_id: str | None = None) -> Publication:
    """Check the build, then replace ``published`` with a copy of it in one atomic rename.

    Raises ``PublishError`` (the published file untouched) when the build is missing, mixes runs, or its
    validation run is missing or failed.
    """
    if build.resolve() == published.resolve():
        raise PublishError(f"the build and the published warehouse are the same file ({build})")
    if build.name != published.name:
        # dbt's views name their catalog after the file: a copy under another name could not resolve them.
        raise PublishError(f"the build ({build.name}) and the published file ({published.name}) differ")
    if not build.is_file():
        raise PublishError(f"no build warehouse at {build}: run dbt build first")
    started = time.perf_counter()
    with duckdb.connect(str(build)) as connection:
        connection.execute("checkpoint")
        segments = tuple(segment_runs(connection))
        validation_run_id = check_validation(connection, validation_run_id)
    if Path(f"{build}.wal").exists():
        raise PublishError(f"{build}.wal is still there after a checkpoint: is another process writing it?")

    publication_id = uuid.uuid4().hex
    published_at = datetime.now(UTC)
    published.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_path(published)
    _remove(temporary)  # left by a publish that was killed; the writer lock keeps publishers one at a time
    try:
        shutil.copyfile(build, temporary)
        _record(temporary, published, publication_id, published_at, validation_run_id, segments)
        if Path(f"{temporary}.wal").exists():
            raise PublishError(f"{temporary}.wal is still there after a checkpoint")
        _fsync(temporary)
        copied = time.perf_counter()
        os.replace(temporary, published)
        _fsync(published.parent)
    except BaseException:
        _remove(temporary)
        raise
    swapped = time.perf_counter()
    publication = Publication(
        publication_id=publication_id,
        published_at=published_at,
        validation_run_id=validation_run_id,
        segments=segments,
        path=published,
        size_bytes=published.stat().st_size,
        copy_seconds=copied - started,
        swap_seconds=swapped - copied,
    )
    logger.info(
        "published %s (%s segment tables, validation run %s) to %s: %.2f s to check and copy %.0f MB, "
        "%.4f s to swap",
        publication_id,
        len(segments),
        validation_run_id,
        published,
        publication.copy_seconds,
        publication.size_bytes / 1024**2,
        publication.swap_seconds,
    )
    return publication


def describe_publication(published: Path) -> str:
    """The publication a file holds, in words, for messages saying what was kept."""
    if not published.is_file():
        return "no publication yet"
    relation = qualified_name(AUDIT_SCHEMA, PUBLICATIONS_TABLE)
    try:
        with duckdb.connect(str(published), read_only=True) as connection:
            rows = connection.execute(
                f"select publication_id, published_at from {relation} order by published_at desc limit 1"
            ).fetchall()
    except duckdb.Error:
        return "a warehouse without a publication record"
    if not rows:
        return "a warehouse without a publication record"
    publication_id, published_at = rows[0]
    return f"publication {publication_id} of {published_at:%Y-%m-%d %H:%M:%S %Z}".strip()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m python_jobs.publish",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Exit codes: 0 published, 1 not published (the published warehouse is unchanged).",
    )
    parser.add_argument("--build", type=Path, help="build warehouse (default: $DUCKDB_BUILD_PATH)")
    parser.add_argument("--published", type=Path, help="published warehouse (default: $DUCKDB_PATH)")
    parser.add_argument(
        "--validation-run-id", default=None, help="validation run that passed (default: the build's latest)"
    )
    args = parser.parse_args(argv)
    configure_cli_logging()
    build = args.build or build_warehouse_path()
    published = args.published or warehouse_path()
    try:
        publication = publish(build, published, args.validation_run_id)
    except (PublishError, duckdb.Error) as error:
        print(f"not published: {error}; {published} keeps {describe_publication(published)}", file=sys.stderr)
        return EXIT_FAILED
    print(f"published {publication.publication_id} to {published}")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
