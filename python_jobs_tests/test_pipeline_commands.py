"""The dbt commands of the main job and the benchmark: production builds leave unit tests to `make test`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from python_jobs import dbt_cli
from python_jobs.benchmark import ad_logs as bench
from python_jobs.pipeline import build_command


def test_the_main_job_builds_without_unit_tests_and_the_fixture_with_them() -> None:
    run = build_command("dbt", "run")
    fixture = build_command("dbt", "fixture")
    assert run == ["dbt", "build", "--fail-fast", *dbt_cli.PRODUCTION_BUILD_FLAGS]
    assert fixture == ["dbt", "build", "--fail-fast"]
    assert build_command("dbt", "run", "path:models/staging/ad_logs")[-2:] == [
        "--select",
        "path:models/staging/ad_logs",
    ]


def test_the_benchmark_times_the_production_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    commands: list[list[str]] = []

    def fake_measure(command: list[str], env: dict[str, str], log_path: Path) -> bench.Measurement:
        commands.append(command)
        return bench.Measurement(wall_s=1.0, peak_rss_gb=0.1, output="")

    monkeypatch.setattr(bench, "measure", fake_measure)
    bench.build_ad_log_path("dbt", {}, tmp_path / "build.log")
    (command,) = commands
    assert command[:2] == ["dbt", "build"]
    flags = list(dbt_cli.PRODUCTION_BUILD_FLAGS)
    assert any(command[i : i + len(flags)] == flags for i in range(len(command)))


def _listed_resource_types(tmp_path: Path, extra: tuple[str, ...]) -> set[str]:
    result = dbt_cli.run_dbt(
        [
            "ls",
            "--select",
            "path:models/intermediate/ad_logs",
            "--output",
            "json",
            "--output-keys",
            "resource_type",
            *extra,
        ],
        dbt_cli.work_dir_env(tmp_path),
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {row["resource_type"] for row in rows}


def test_the_production_flags_drop_exactly_the_unit_tests(tmp_path: Path) -> None:
    """Checked against the pinned dbt: the ad-log aggregation has unit tests, and the flags drop only them."""
    everything = _listed_resource_types(tmp_path, ())
    production = _listed_resource_types(tmp_path, dbt_cli.PRODUCTION_BUILD_FLAGS)
    assert {"model", "test", "unit_test"} <= everything
    assert production == everything - {"unit_test"}
