"""The main job: raw data (generated when absent) → ``dbt build`` → validation → reports.

``python -m python_jobs.pipeline run`` is what ``make run`` calls; ``python -m python_jobs.pipeline fixture``
builds the small test warehouse that the pytest suite checks (``make test``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from python_jobs.dbt_cli import PRODUCTION_BUILD_FLAGS, dbt_env, dbt_executable
from python_jobs.paths import PROJECT_ROOT, raw_data_dir, reports_dir, warehouse_path
from python_jobs.sources import SOURCES, SourceSpec

FIXTURE_ROOT = PROJECT_ROOT / "build" / "test"


@dataclass
class StepTimer:
    """Collects wall time per step and the peak RSS of child processes, for the run summary."""

    steps: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, command: Sequence[str], env: dict[str, str]) -> None:
        print(f"\n==> {name}: {' '.join(command)}", flush=True)
        started = time.perf_counter()
        completed = subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=False)
        self.steps[name] = round(time.perf_counter() - started, 2)
        if completed.returncode != 0:
            raise SystemExit(f"step '{name}' failed with exit code {completed.returncode}")

    @staticmethod
    def peak_child_rss_gb() -> float:
        # ru_maxrss is in KiB on Linux: the largest single child, not a sum.
        return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2, 2)


def ensure_raw_data(
    timer: StepTimer, specs: Sequence[SourceSpec], raw_dir: Path, env: dict[str, str], profile: str
) -> None:
    for spec in specs:
        if spec.is_present(raw_dir):
            print(f"raw data for {spec.name}: found under {raw_dir / spec.name}")
            continue
        args = spec.run_args if profile == "run" else spec.test_args
        command = [sys.executable, "-m", "python_jobs.generate", spec.name, "--out", str(raw_dir / spec.name)]
        timer.run(f"generate {spec.name}", [*command, *args], env)


def segment_sizes(duckdb_path: Path) -> dict[str, list[dict[str, object]]]:
    """Rows per segment of every segment table, for the printed summary."""
    import duckdb

    from python_jobs.reports import collect

    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        return {report.table: report.sizes.to_dict("records") for report in collect(connection)}


def build_command(dbt: str, profile: str, select: str | None = None) -> list[str]:
    """``dbt build`` for a profile: ``run`` is a production build (no unit tests, see
    ``PRODUCTION_BUILD_FLAGS``); ``fixture`` is the test build and runs every unit test too."""
    command = [dbt, "build", "--fail-fast"]
    if profile == "run":
        command += PRODUCTION_BUILD_FLAGS
    if select:
        command += ["--select", select]
    return command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m python_jobs.pipeline", description=__doc__)
    parser.add_argument("profile", choices=["run", "fixture"], help="run: the demo warehouse; fixture: tests")
    parser.add_argument("--source", action="append", default=None, help="limit data generation to a source")
    parser.add_argument("--select", default=None, help="dbt node selection passed to dbt build")
    parser.add_argument("--skip-validation", action="store_true", help="skip the Great Expectations job")
    args = parser.parse_args(argv)

    if args.profile == "run":
        raw_dir, duckdb_path, reports = raw_data_dir(), warehouse_path(), reports_dir()
        target_dir = PROJECT_ROOT / "target"
    else:
        raw_dir = FIXTURE_ROOT / "raw"
        duckdb_path = FIXTURE_ROOT / "audience.duckdb"
        reports = FIXTURE_ROOT / "reports"
        target_dir = FIXTURE_ROOT / "target"
    duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    reports.mkdir(parents=True, exist_ok=True)
    env = dbt_env(raw_dir=raw_dir, duckdb_path=duckdb_path, target_dir=target_dir, reports_dir=reports)
    specs = [spec for spec in SOURCES if args.source is None or spec.name in args.source]

    timer = StepTimer()
    started = time.perf_counter()
    ensure_raw_data(timer, specs, raw_dir, env, args.profile)
    dbt = dbt_executable()
    timer.run("dbt build", build_command(dbt, args.profile, args.select), env)
    dbt_peak_gb = timer.peak_child_rss_gb()
    if args.select and not args.skip_validation:
        # Validation checks every segment table the manifest declares; tables outside the selection may
        # not exist (or be stale), so a partial build is not validated.
        print("validation skipped: --select built only part of the project")
    elif not args.skip_validation:
        timer.run("validation", [sys.executable, "-m", "python_jobs.validation"], env)
    timer.run("reports", [sys.executable, "-m", "python_jobs.reports"], env)
    timer.run("dbt docs generate", [dbt, "docs", "generate"], env)

    summary = {
        "profile": args.profile,
        "warehouse": str(duckdb_path),
        "raw_data_dir": str(raw_dir),
        "reports_dir": str(reports),
        "step_seconds": timer.steps,
        "total_seconds": round(time.perf_counter() - started, 2),
        "dbt_build_peak_rss_gb": dbt_peak_gb,
        "segments": segment_sizes(duckdb_path),
    }
    (reports / "run_summary.json").write_text(json.dumps(summary, indent=2, default=str))
    print("\n==> done")
    for table, rows in summary["segments"].items():
        parts = ", ".join(f"{row['segment_code']} {row['entities']:,}" for row in rows)
        print(f"  {table}: {parts}")
    print(f"  step seconds: {timer.steps}")
    print(f"  dbt build peak RSS: {dbt_peak_gb} GB")
    print(f"  warehouse:  {duckdb_path}")
    print(f"  reports:    {reports} (segments.xlsx, segments.md, run_summary.json, plots, data_docs/)")
    print(f"  dbt docs:   {target_dir / 'index.html'} (serve with: .venv/bin/dbt docs serve)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
