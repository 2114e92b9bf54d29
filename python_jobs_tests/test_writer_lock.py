"""One writer at a time: a second writer is refused (or waits), a crashed writer's lock is taken over, and
the pipeline and the dbt entry point both hold the lock."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from python_jobs import dbt_cli, writer_lock
from python_jobs.paths import PROJECT_ROOT, writer_lock_path
from python_jobs.writer_lock import EXIT_BUSY, WriterLockBusy, lock_is_held, read_holder

HOLDER_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from python_jobs.writer_lock import writer_lock
    with writer_lock("holder test-run", path=Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


@contextmanager
def other_writer(lock: Path, hold_seconds: float = 60.0) -> Iterator[subprocess.Popen[str]]:
    """Another process holding ``lock`` until it is killed or ``hold_seconds`` pass."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER_SCRIPT, str(lock), str(hold_seconds)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={key: value for key, value in os.environ.items() if key != writer_lock.HELD_ENV},
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "held"
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def test_the_lock_records_its_holder_and_is_removed_on_exit(tmp_path: Path) -> None:
    lock = tmp_path / ".writer.lock"
    with writer_lock.writer_lock("pipeline run", path=lock) as holder:
        content = json.loads(lock.read_text())
        assert content["pid"] == os.getpid() == holder.pid
        assert content["owner"] == "pipeline run"
        assert content["started_at"].endswith("+00:00")
        assert content["command"]
        held = lock_is_held(lock)
        assert held is not None and held.pid == os.getpid()
    assert not lock.exists()


def test_a_second_writer_is_refused_with_the_holders_pid_and_start(tmp_path: Path) -> None:
    lock = tmp_path / ".writer.lock"
    with other_writer(lock) as process:
        with pytest.raises(WriterLockBusy) as refused, writer_lock.writer_lock("second", path=lock):
            pytest.fail("a second writer got the lock")
        message = str(refused.value)
        holder = read_holder(lock)
        assert holder is not None and holder.pid == process.pid
        assert f"pid {process.pid}" in message and "holder test-run" in message
        assert holder.started_at in message and str(lock) in message
        held = lock_is_held(lock)
        assert held is not None and held.pid == process.pid


def test_a_writer_waits_for_the_holder_when_asked(tmp_path: Path) -> None:
    lock = tmp_path / ".writer.lock"
    with other_writer(lock, hold_seconds=1.0):
        started = time.monotonic()
        with writer_lock.writer_lock("patient", path=lock, wait_seconds=60) as holder:
            assert holder.pid == os.getpid()
            assert read_holder(lock) == holder
        assert time.monotonic() - started < 30


def test_a_short_wait_still_ends_in_a_refusal(tmp_path: Path) -> None:
    lock = tmp_path / ".writer.lock"
    with (
        other_writer(lock),
        pytest.raises(WriterLockBusy, match="after waiting"),
        writer_lock.writer_lock("impatient", path=lock, wait_seconds=0.6),
    ):
        pytest.fail("got the lock while another process held it")


def test_the_lock_of_a_killed_writer_is_taken_over(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    lock = tmp_path / ".writer.lock"
    with other_writer(lock) as process:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert lock.exists(), "a killed writer cannot remove its lock file"
    assert lock_is_held(lock) is None
    with caplog.at_level(logging.WARNING), writer_lock.writer_lock("next run", path=lock) as holder:
        assert read_holder(lock) == holder
    assert f"pid {process.pid}" in caplog.text and "stale" in caplog.text


def test_a_stale_lock_file_of_a_dead_pid_is_taken_over(tmp_path: Path) -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    dead_pid = int(finished.stdout)
    lock = tmp_path / ".writer.lock"
    lock.write_text(json.dumps({"pid": dead_pid, "started_at": "2026-01-01T00:00:00+00:00", "owner": "old"}))
    assert not writer_lock.pid_alive(dead_pid)
    with writer_lock.writer_lock("new", path=lock) as holder:
        assert holder.pid == os.getpid()


def test_nested_and_inherited_holds_are_part_of_the_holders_run(tmp_path: Path) -> None:
    lock = tmp_path / ".writer.lock"
    child = [sys.executable, "-c", HOLDER_SCRIPT, str(lock), "0"]
    with writer_lock.writer_lock("outer", path=lock) as outer:
        with writer_lock.writer_lock("inner", path=lock) as inner:
            assert inner.pid == outer.pid
        assert read_holder(lock) == outer, "leaving the inner hold must keep the outer one"
        assert os.environ[writer_lock.HELD_ENV] == str(lock.resolve())
        inheriting = subprocess.run(child, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
        assert inheriting.returncode == 0 and "held" in inheriting.stdout, inheriting.stderr
        stranger_env = {key: value for key, value in os.environ.items() if key != writer_lock.HELD_ENV}
        stranger = subprocess.run(
            child, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60, env=stranger_env
        )
        assert stranger.returncode != 0 and "WriterLockBusy" in stranger.stderr
    assert writer_lock.HELD_ENV not in os.environ
    assert not lock.exists()


def _entry_point_env(tmp_path: Path) -> dict[str, str]:
    env = dbt_cli.work_dir_env(tmp_path)
    env.pop(writer_lock.HELD_ENV, None)
    return env


@pytest.mark.parametrize(
    "command",
    [
        ["-m", "python_jobs.pipeline", "run"],
        ["-m", "python_jobs.dbt_cli", "build", "--select", "stg_learners__learners"],
    ],
    ids=["make run", "dbt entry point"],
)
def test_the_pipeline_and_the_dbt_entry_point_refuse_a_second_writer(
    tmp_path: Path, command: list[str]
) -> None:
    env = _entry_point_env(tmp_path)
    lock = writer_lock_path(Path(env["DUCKDB_BUILD_PATH"]))
    with other_writer(lock) as process:
        refused = subprocess.run(
            [sys.executable, *command], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
        )
    assert refused.returncode == EXIT_BUSY, refused.stdout + refused.stderr
    assert f"pid {process.pid}" in refused.stderr and "holder test-run" in refused.stderr
    assert not (tmp_path / "raw").exists(), "a refused run must not start any step"


def test_the_entry_point_locks_only_commands_that_open_the_warehouse() -> None:
    assert dbt_cli.needs_writer_lock(["build", "--select", "selector:learners"])
    assert dbt_cli.needs_writer_lock(["--debug", "run"])
    assert dbt_cli.needs_writer_lock(["docs", "generate"])
    assert not dbt_cli.needs_writer_lock(["ls", "--selector", "learners"])
    assert not dbt_cli.needs_writer_lock(["parse"])
    assert not dbt_cli.needs_writer_lock(["build", "--help"])
    assert not dbt_cli.needs_writer_lock([])
