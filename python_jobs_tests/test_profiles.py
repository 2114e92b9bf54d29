"""profiles.yml: the dev target loads no dbt-duckdb plugin, and every DuckDB setting it passes, with its
default or an override, is one DuckDB accepts."""

from __future__ import annotations

import re
from typing import Any

import duckdb
import pytest
import yaml

from python_jobs.paths import PROJECT_ROOT

ENV_VAR = re.compile(r"^\{\{\s*env_var\('(?P<name>[A-Z_]+)',\s*'(?P<default>[^']*)'\)\s*\}\}$")


def dev_target() -> dict[str, Any]:
    """The ``dev`` output of the project's profile, unrendered."""
    profile = yaml.safe_load((PROJECT_ROOT / "profiles.yml").read_text())
    return dict(profile["audience_segmentation"]["outputs"]["dev"])


def test_the_profile_enables_no_plugin() -> None:
    # A dbt-duckdb plugin runs project code inside dbt's adapter; the one the project had was removed.
    assert "plugins" not in dev_target()


def rendered_settings(overrides: dict[str, str] | None = None) -> dict[str, str]:
    """The dev target's ``settings`` with each ``env_var('NAME', 'default')`` replaced by the override for
    NAME or its default (every setting must be written that way or as a literal)."""
    rendered = {}
    for name, value in dev_target()["settings"].items():
        match = ENV_VAR.match(str(value))
        if match is None:
            rendered[name] = str(value)
        else:
            rendered[name] = (overrides or {}).get(match["name"], match["default"])
    return rendered


def test_the_defaults_are_the_documented_ones() -> None:
    assert rendered_settings() == {
        "memory_limit": "3GB",
        "threads": "3",
        "block_allocator_memory": "2GB",
    }


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"DUCKDB_BLOCK_ALLOCATOR_MEMORY": "0GB", "DUCKDB_MEMORY_LIMIT": "8GB", "DUCKDB_THREADS": "1"},
    ],
    ids=["defaults", "block-allocator-off"],
)
def test_duckdb_accepts_every_setting(overrides: dict[str, str]) -> None:
    settings = rendered_settings(overrides)
    # DuckDB refuses an unknown setting name or a value it cannot parse when it opens.
    with duckdb.connect(config=settings) as connection:
        block = connection.execute("select current_setting('block_allocator_memory')").fetchall()[0][0]
    assert (block == "0 bytes") == (settings["block_allocator_memory"] == "0GB")
