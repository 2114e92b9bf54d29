"""Shared pytest fixtures.

``fixture_warehouse`` is the small warehouse ``python -m python_jobs.pipeline fixture`` builds from
generated test data (``make test`` builds it before pytest runs). Tests open it read-only; a test that
needs to change a table copies the file first (``scratch_warehouse``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from python_jobs.paths import PROJECT_ROOT
from python_jobs.pipeline import FIXTURE_ROOT


@pytest.fixture(scope="session")
def fixture_warehouse() -> Path:
    """Path of the built test warehouse; builds it when missing (``AUDIENCE_FIXTURE_DUCKDB`` overrides)."""
    override = os.environ.get("AUDIENCE_FIXTURE_DUCKDB")
    path = Path(override) if override else FIXTURE_ROOT / "audience.duckdb"
    if not path.exists():
        subprocess.run(
            [sys.executable, "-m", "python_jobs.pipeline", "fixture"], cwd=PROJECT_ROOT, check=True
        )
    assert path.exists(), f"fixture warehouse was not built at {path}"
    return path


@pytest.fixture
def warehouse(fixture_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the fixture warehouse."""
    connection = duckdb.connect(str(fixture_warehouse), read_only=True)
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture
def scratch_warehouse(fixture_warehouse: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the fixture warehouse for tests that corrupt or rebuild tables."""
    copy = tmp_path / "scratch.duckdb"
    shutil.copyfile(fixture_warehouse, copy)
    return copy
