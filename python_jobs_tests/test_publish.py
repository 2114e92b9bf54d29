"""The publish step on small hand-made warehouses: what it refuses, what it records, that a reader keeps its
snapshot, and that a kill at any moment leaves the published file either untouched or fully replaced."""

from __future__ import annotations

import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from python_jobs import publish
from python_jobs.paths import PROJECT_ROOT


def make_build(
    path: Path,
    run_id: str = "run-a",
    *,
    side_run_id: str | None = None,
    passed: bool = True,
    rows: int = 3,
    padding_rows: int = 0,
) -> None:
    """A warehouse shaped like a build: one engine segment table with two side tables, one rule table,
    one validation run. ``padding_rows`` makes the file large enough for a copy to take a while."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as connection:
        for schema in ("marts", "audit", "staging"):
            connection.execute(f"create schema if not exists {schema}")
        connection.execute(
            "create or replace table marts.seg_things as select range as thing_id, "
            "'T' || (range % 2) as segment_code, range % 2 as segment_id, ? as run_id from range(?)",
            [run_id, rows],
        )
        connection.execute(
            "create or replace table marts.seg_things__profiles as "
            "select 'things' as segmentation, ? as run_id, 0 as segment_id",
            [side_run_id or run_id],
        )
        connection.execute(
            "create or replace table marts.seg_things__lineage as "
            "select 'things' as segmentation, unnest(['older-run', ?]) as run_id",
            [run_id],
        )
        connection.execute(
            "create or replace table marts.seg_rules as select range as rule_id, 'R1' as segment_code "
            "from range(2)"
        )
        connection.execute("create or replace view marts.things_view as select * from marts.seg_things")
        connection.execute(
            "create or replace table audit.validation_results as select 'validation-1' as run_id, "
            "now() as validated_at, ? as success, 'critical' as severity",
            [passed],
        )
        if padding_rows:
            connection.execute(
                "create or replace table staging.padding as select range as n, md5(range::varchar) as text "
                "from range(?)",
                [padding_rows],
            )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publish_copies_the_build_and_records_every_publication(tmp_path: Path) -> None:
    build, published = tmp_path / "build" / "audience.duckdb", tmp_path / "audience.duckdb"
    make_build(build, "run-a")
    first = publish.publish(build, published, "validation-1")
    make_build(build, "run-b", rows=5)
    second = publish.publish(build, published)  # the latest validation run by default

    with duckdb.connect(str(published), read_only=True) as connection:
        assert connection.execute("select distinct run_id from marts.seg_things").fetchall() == [("run-b",)]
        assert connection.execute("select count(*) from marts.things_view").fetchall() == [(5,)]
        rows = connection.execute(
            "select publication_id, segment_table, run_id, row_count, validation_run_id "
            "from audit.publications order by published_at, segment_table"
        ).fetchall()
    assert rows == [
        (first.publication_id, "seg_rules", None, 2, "validation-1"),
        (first.publication_id, "seg_things", "run-a", 3, "validation-1"),
        (second.publication_id, "seg_rules", None, 2, "validation-1"),
        (second.publication_id, "seg_things", "run-b", 5, "validation-1"),
    ]
    assert not publish.temporary_path(published).exists()
    assert second.copy_seconds > 0 and second.swap_seconds >= 0
    assert publish.describe_publication(published).startswith(f"publication {second.publication_id}")


@pytest.mark.parametrize(
    ("build_args", "validation_run_id", "message"),
    [
        ({"side_run_id": "run-other"}, None, "seg_things__profiles holds run(s) ['run-other']"),
        ({"passed": False}, None, "validation run validation-1 failed 1 expectation"),
        ({}, "validation-unknown", "validation run validation-unknown is not in the build"),
    ],
)
def test_a_build_that_mixes_runs_or_failed_validation_is_not_published(
    tmp_path: Path, build_args: dict[str, object], validation_run_id: str | None, message: str
) -> None:
    build, published = tmp_path / "build" / "audience.duckdb", tmp_path / "audience.duckdb"
    make_build(build, "run-a")
    publish.publish(build, published)
    before = digest(published)
    make_build(build, "run-b", **build_args)  # type: ignore[arg-type]
    with pytest.raises(publish.PublishError, match=re.escape(message)):
        publish.publish(build, published, validation_run_id)
    assert digest(published) == before


def test_a_segment_table_with_two_runs_or_lineage_without_its_run_is_refused(tmp_path: Path) -> None:
    build, published = tmp_path / "build" / "audience.duckdb", tmp_path / "audience.duckdb"
    make_build(build, "run-a")
    with duckdb.connect(str(build)) as connection:
        connection.execute("update marts.seg_things set run_id = 'run-z' where thing_id = 0")
    with pytest.raises(publish.PublishError, match="seg_things holds rows of 2 runs"):
        publish.publish(build, published)
    make_build(build, "run-a")
    with duckdb.connect(str(build)) as connection:
        connection.execute("delete from marts.seg_things__lineage where run_id = 'run-a'")
    with pytest.raises(
        publish.PublishError, match="seg_things__lineage has no rows of seg_things's run run-a"
    ):
        publish.publish(build, published)
    assert not published.exists()


def test_the_cli_exits_non_zero_and_says_what_is_kept(tmp_path: Path) -> None:
    build, published = tmp_path / "build" / "audience.duckdb", tmp_path / "audience.duckdb"
    make_build(build, "run-a")
    assert publish.main(["--build", str(build), "--published", str(published)]) == 0
    make_build(build, "run-b", passed=False)
    completed = subprocess.run(
        [sys.executable, "-m", "python_jobs.publish", "--build", str(build), "--published", str(published)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "not published: validation run validation-1 failed" in completed.stderr
    assert f"{published} keeps publication " in completed.stderr


def test_a_reader_keeps_its_snapshot_and_sees_the_new_publication_on_reconnect(tmp_path: Path) -> None:
    build, published = tmp_path / "build" / "audience.duckdb", tmp_path / "audience.duckdb"
    make_build(build, "run-a")
    publish.publish(build, published)
    # The reader is another process, as a BI tool is: DuckDB's file locks are per process.
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import duckdb, sys\n"
                f"connection = duckdb.connect({str(published)!r}, read_only=True)\n"
                "query = 'select distinct run_id from marts.seg_things'\n"
                "print(connection.execute(query).fetchall()[0][0], flush=True)\n"
                "sys.stdin.readline()\n"
                "print(connection.execute(query).fetchall()[0][0], flush=True)\n"
                "connection.close()\n"
                f"connection = duckdb.connect({str(published)!r}, read_only=True)\n"
                "print(connection.execute(query).fetchall()[0][0], flush=True)\n"
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None and reader.stdin is not None
    assert reader.stdout.readline().strip() == "run-a"
    make_build(build, "run-b")
    publish.publish(build, published)  # the reader's open connection does not block the swap
    reader.stdin.write("\n")
    reader.stdin.flush()
    assert reader.stdout.readline().strip() == "run-a"  # still its snapshot
    assert reader.stdout.readline().strip() == "run-b"  # the new publication
    assert reader.wait(timeout=60) == 0


def test_a_publish_killed_at_any_moment_leaves_the_old_file_or_the_complete_new_one(tmp_path: Path) -> None:
    build, published = tmp_path / "build" / "audience.duckdb", tmp_path / "audience.duckdb"
    make_build(build, "run-a")
    publish.publish(build, published)
    make_build(build, "run-b", padding_rows=2_000_000)
    old = digest(published)
    command = [
        sys.executable,
        "-m",
        "python_jobs.publish",
        "--build",
        str(build),
        "--published",
        str(published),
    ]
    started = time.perf_counter()
    subprocess.run(command, cwd=PROJECT_ROOT, check=True, capture_output=True)
    full = time.perf_counter() - started
    # The timed run published run-b: put run-a back, then kill publishes of run-b at random moments.
    make_build(tmp_path / "a" / "audience.duckdb", "run-a")
    publish.publish(tmp_path / "a" / "audience.duckdb", published)
    old = digest(published)
    outcomes = []
    randomizer = random.Random(28)
    for _ in range(4):
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(randomizer.uniform(0.0, full))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        if digest(published) == old:
            outcomes.append("kept")
            continue
        with duckdb.connect(str(published), read_only=True) as connection:
            assert connection.execute("select distinct run_id from marts.seg_things").fetchall() == [
                ("run-b",)
            ]
            assert connection.execute("select count(*) from staging.padding").fetchall() == [(2_000_000,)]
        outcomes.append("replaced")
        publish.publish(tmp_path / "a" / "audience.duckdb", published)
        old = digest(published)
    assert "kept" in outcomes, outcomes
    # A later publish cleans up what a killed one left behind.
    publish.publish(build, published)
    assert not publish.temporary_path(published).exists()
