"""One writer at a time: a lock file beside the build warehouse that every writer holds for its whole run.

``make run`` (``python -m python_jobs.pipeline``), dbt started through the project's entry point
(``python -m python_jobs.dbt_cli``, ``make dbt``) and the orchestrator's runs all wrap their work in
``writer_lock(owner)``. The lock is an exclusive ``flock`` on ``paths.writer_lock_path()`` (default
``warehouse/build/.writer.lock``) whose content says who holds it: JSON ``{pid, started_at, owner, command,
host}``. The kernel drops a ``flock`` when its process ends, however it ends, so a crashed run's lock is
stale by construction: the next writer takes it over and logs whose it was. A second writer either exits
at once with a ``WriterLockBusy`` error naming the run that holds the warehouse, or waits for it
(``wait_seconds``). The lock file is removed on a clean exit.

A process started by the holder (the pipeline's dbt, a job the orchestrator runs) inherits
``AUDIENCE_WRITER_LOCK``, naming the held lock file: its own ``writer_lock`` on that file is then part of
the holder's run and does not wait for it. Nested ``writer_lock`` calls in one process are allowed too.

``python -m python_jobs.writer_lock`` prints who holds the lock (exit 0 when free, 1 when held).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import fcntl
import json
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from python_jobs.log_setup import configure_cli_logging
from python_jobs.paths import writer_lock_path

logger = logging.getLogger(__name__)

HELD_ENV = "AUDIENCE_WRITER_LOCK"
POLL_SECONDS = 0.5
EXIT_FREE, EXIT_HELD = 0, 1
# What a writer that finds the warehouse held exits with (EX_TEMPFAIL: try again later), distinct from a
# failed step's 1.
EXIT_BUSY = 75

# Lock files this process holds, with a nesting depth: flock belongs to an open file, so a second open in
# the same process would block on its own lock.
_held: dict[Path, int] = {}
_held_guard = threading.Lock()


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) the warehouse: the content of the lock file."""

    pid: int
    started_at: str
    owner: str
    command: str
    host: str

    def describe(self) -> str:
        where = f"pid {self.pid} on {self.host}, started {self.started_at}"
        return f"{self.owner} ({where}, command: {self.command})"

    @classmethod
    def of_this_process(cls, owner: str) -> Holder:
        return cls(
            pid=os.getpid(),
            started_at=datetime.now(UTC).isoformat(timespec="seconds"),
            owner=owner,
            command=" ".join(sys.argv) or sys.executable,
            host=socket.gethostname(),
        )


class WriterLockBusy(RuntimeError):
    """Another run holds the warehouse; ``holder`` says which (None when the lock file was unreadable)."""

    def __init__(self, path: Path, holder: Holder | None, waited_seconds: float) -> None:
        self.path = path
        self.holder = holder
        who = holder.describe() if holder is not None else "another process (lock file unreadable)"
        waited = f" after waiting {waited_seconds:.0f} s" if waited_seconds > 0 else ""
        super().__init__(
            f"the warehouse is being written by {who}{waited}; lock file {path}. "
            "Wait for that run to finish (or pass --wait SECONDS), or stop it."
        )


def read_holder(path: Path) -> Holder | None:
    """The holder recorded in a lock file, or None when the file is missing, empty or not ours."""
    try:
        data = json.loads(path.read_text())
        return Holder(
            pid=int(data["pid"]),
            started_at=str(data["started_at"]),
            owner=str(data["owner"]),
            command=str(data.get("command", "")),
            host=str(data.get("host", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists on this machine (a zombie counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _inherited(path: Path) -> bool:
    """Whether an ancestor process holds this lock and handed it down through ``AUDIENCE_WRITER_LOCK``."""
    value = os.environ.get(HELD_ENV)
    if not value or Path(value).resolve() != path.resolve():
        return False
    holder = lock_is_held(path)
    return holder is not None and holder.pid != os.getpid()


def _try_flock(handle: int) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _acquire(path: Path, holder: Holder, wait_seconds: float) -> int:
    """Open and lock ``path``, waiting up to ``wait_seconds``; returns the open descriptor."""
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    announced = False
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if _try_flock(handle):
            # The file may have been removed by its previous holder between our open and our flock: then
            # we hold a lock on a deleted file, so start again on the path's current file.
            try:
                same_file = os.fstat(handle).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same_file = False
            if same_file:
                break
        os.close(handle)
        waited = time.monotonic() - started
        if waited >= wait_seconds:
            raise WriterLockBusy(path, read_holder(path), waited)
        if not announced:
            other = read_holder(path)
            who = other.describe() if other is not None else "another process"
            logger.info("waiting up to %.0f s for the warehouse: held by %s", wait_seconds, who)
            announced = True
        time.sleep(min(POLL_SECONDS, max(wait_seconds - waited, 0.01)))

    previous = read_holder(path)
    if previous is not None and previous.pid != holder.pid:
        state = "ended" if not pid_alive(previous.pid) else "released it without removing the file"
        logger.warning("taking over a stale writer lock: %s %s", previous.describe(), state)
    os.ftruncate(handle, 0)
    os.pwrite(handle, (json.dumps(holder.__dict__) + "\n").encode(), 0)
    os.fsync(handle)
    return handle


@contextlib.contextmanager
def writer_lock(owner: str, *, path: Path | None = None, wait_seconds: float = 0.0) -> Iterator[Holder]:
    """Hold the warehouse for the body of the ``with``; raises ``WriterLockBusy`` when another run holds
    it for longer than ``wait_seconds``. Yields the holder (this run, or the ancestor whose run this is)."""
    lock = (path or writer_lock_path()).resolve()
    with _held_guard:
        nested = lock in _held
        if nested:
            _held[lock] += 1
    if nested or _inherited(lock):
        try:
            yield read_holder(lock) or Holder.of_this_process(owner)
        finally:
            if nested:
                with _held_guard:
                    _held[lock] -= 1
        return

    holder = Holder.of_this_process(owner)
    handle = _acquire(lock, holder, wait_seconds)
    with _held_guard:
        _held[lock] = 1
    previous_env = os.environ.get(HELD_ENV)
    os.environ[HELD_ENV] = str(lock)
    logger.info("writer lock %s held by %s", lock, owner)
    try:
        yield holder
    finally:
        if previous_env is None:
            os.environ.pop(HELD_ENV, None)
        else:
            os.environ[HELD_ENV] = previous_env
        with _held_guard:
            del _held[lock]
        # Remove the file while still holding the lock, so no other writer's content is ever deleted.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)
        os.close(handle)


def lock_is_held(path: Path | None = None) -> Holder | None:
    """The holder when a live process holds the lock, else None (a free or stale lock)."""
    lock = path or writer_lock_path()
    if not lock.exists():
        return None
    handle = os.open(lock, os.O_RDONLY)
    try:
        if _try_flock(handle):
            fcntl.flock(handle, fcntl.LOCK_UN)
            return None
        return read_holder(lock) or Holder(pid=-1, started_at="?", owner="unknown", command="", host="")
    finally:
        os.close(handle)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m python_jobs.writer_lock",
        description="Say who holds the warehouse writer lock (exit 0: free, 1: held).",
    )
    parser.add_argument("--path", type=Path, default=None, help="lock file (default: beside the build DB)")
    args = parser.parse_args(argv)
    configure_cli_logging()
    lock = args.path or writer_lock_path()
    holder = lock_is_held(lock)
    if holder is None:
        stale = read_holder(lock)
        suffix = f" (stale lock file of {stale.describe()})" if stale is not None else ""
        print(f"free: {lock}{suffix}")
        return EXIT_FREE
    print(f"held by {holder.describe()}: {lock}")
    return EXIT_HELD


if __name__ == "__main__":
    raise SystemExit(main())
