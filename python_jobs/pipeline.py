"""The main job: writer lock → raw data (generated when absent) → ``dbt build`` → validation → reports →
publish → docs → summary.

The whole run holds the writer lock (``python_jobs.writer_lock``): a second run exits with code 75 naming
the run that holds the warehouse, or waits for it with ``--wait SECONDS``.

dbt, validation and the reports work on the build warehouse; the publish step then replaces the published
warehouse BI reads in one atomic step (``python_jobs.publish``). A failed step exits non-zero and leaves
the last publication in place. ``python -m python_jobs.pipeline run`` is what ``make run`` calls;
``python -m python_jobs.pipeline fixture`` builds and publishes the small test warehouse that the pytest
suite checks (``make test``).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from python_jobs import publish
from python_jobs.dbt_cli import PRODUCTION_BUILD_FLAGS, dbt_env, dbt_executable
from python_jobs.paths import (
    PROJECT_ROOT,
    build_warehouse_path,
    dbt_target_dir,
    exports_dir,
    raw_data_dir,
    reports_dir,
    warehouse_path,
    writer_lock_path,
)
from python_jobs.segmentation.notices import warehouse_warnings
from python_jobs.sources import SOURCES, SourceSpec
from python_jobs.writer_lock import EXIT_BUSY, WriterLockBusy, writer_lock

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


@dataclass(frozen=True)
class Layout:
    """Where one profile's run reads and writes."""

    raw_dir: Path
    build_path: Path
    published_path: Path
    reports_dir: Path
    exports_dir: Path
    target_dir: Path


def layout(profile: str) -> Layout:
    """``run``: the locations of ``python_jobs.paths`` (environment overrides); ``fixture``: under
    ``build/test``, the same pattern (a build warehouse published beside it)."""
    if profile == "run":
        return Layout(
            raw_dir=raw_data_dir(),
            build_path=build_warehouse_path(),
            published_path=warehouse_path(),
            reports_dir=reports_dir(),
            exports_dir=exports_dir(),
            target_dir=dbt_target_dir(),
        )
    return Layout(
        raw_dir=FIXTURE_ROOT / "raw",
        build_path=FIXTURE_ROOT / "build" / "audience.duckdb",
        published_path=FIXTURE_ROOT / "audience.duckdb",
        reports_dir=FIXTURE_ROOT / "reports",
        exports_dir=FIXTURE_ROOT / "exports",
        target_dir=FIXTURE_ROOT / "target",
    )


def seed_build_from_publication(paths: Layout) -> None:
    """A missing build warehouse starts as a copy of the last publication (the same state, incremental
    tables and history included), e.g. on the first run after the build/publish split."""
    if not paths.build_path.exists() and paths.published_path.is_file():
        print(f"no build warehouse at {paths.build_path}: starting from {paths.published_path}")
        shutil.copyfile(paths.published_path, paths.build_path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m python_jobs.pipeline", description=__doc__)
    parser.add_argument("profile", choices=["run", "fixture"], help="run: the demo warehouse; fixture: tests")
    parser.add_argument("--source", action="append", default=None, help="limit data generation to a source")
    parser.add_argument("--select", default=None, help="dbt node selection passed to dbt build")
    parser.add_argument("--skip-validation", action="store_true", help="skip the Great Expectations job")
    parser.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait this long for another run holding the warehouse (default: exit at once)",
    )
    args = parser.parse_args(argv)

    paths = layout(args.profile)
    for folder in (paths.build_path.parent, paths.published_path.parent, paths.reports_dir):
        folder.mkdir(parents=True, exist_ok=True)
    env = dbt_env(
        raw_dir=paths.raw_dir,
        duckdb_path=paths.build_path,
        published_path=paths.published_path,
        target_dir=paths.target_dir,
        reports_dir=paths.reports_dir,
        exports_dir=paths.exports_dir,
    )
    specs = [spec for spec in SOURCES if args.source is None or spec.name in args.source]
    try:
        lock = writer_lock_path(paths.build_path)
        with writer_lock(f"pipeline {args.profile}", path=lock, wait_seconds=args.wait):
            return run_locked(args, paths, env, specs)
    except WriterLockBusy as busy:
        print(f"not started: {busy}", file=sys.stderr)
        return EXIT_BUSY


def run_locked(args: argparse.Namespace, paths: Layout, env: dict[str, str], specs: list[SourceSpec]) -> int:
    """The run while holding the writer lock; on failure says which publication BI keeps."""
    published: list[publish.Publication] = []
    try:
        return run_steps(args, paths, env, specs, published)
    except BaseException:
        if published:
            done = f"publication {published[0].publication_id} is in place, a later step failed"
        else:
            kept = publish.describe_publication(paths.published_path)
            done = f"nothing published, {paths.published_path} keeps {kept}"
        print(f"\nthe run failed: {done}", file=sys.stderr)
        raise


def run_steps(
    args: argparse.Namespace,
    paths: Layout,
    env: dict[str, str],
    specs: list[SourceSpec],
    published: list[publish.Publication],
) -> int:
    """The steps in order; a failing one raises ``SystemExit``. ``published`` gets the publication."""
    timer = StepTimer()
    started = time.perf_counter()
    ensure_raw_data(timer, specs, paths.raw_dir, env, args.profile)
    seed_build_from_publication(paths)
    dbt = dbt_executable()
    timer.run("dbt build", build_command(dbt, args.profile, args.select), env)
    dbt_peak_gb = timer.peak_child_rss_gb()
    validation_run_id = uuid.uuid4().hex
    # Validation checks every segment table the manifest declares; tables outside a --select may not exist
    # (or be stale), so a partial build is neither validated nor published.
    reason_not_published = None
    if args.select:
        reason_not_published = "--select built only part of the project"
    elif args.skip_validation:
        reason_not_published = "--skip-validation"
    else:
        validation = [sys.executable, "-m", "python_jobs.validation", "--run-id", validation_run_id]
        timer.run("validation", [*validation, "--warehouse", str(paths.build_path)], env)
    reports = [sys.executable, "-m", "python_jobs.reports", "--warehouse", str(paths.build_path)]
    timer.run("reports", reports, env)
    publication = None
    if reason_not_published is None:
        step = time.perf_counter()
        try:
            publication = publish.publish(paths.build_path, paths.published_path, validation_run_id)
        except (publish.PublishError, duckdb.Error) as error:
            raise SystemExit(f"step 'publish' failed: {error}") from error
        timer.steps["publish"] = round(time.perf_counter() - step, 2)
        published.append(publication)
    else:
        print(f"not published ({reason_not_published}): {paths.build_path} holds this build")
    timer.run("dbt docs generate", [dbt, "docs", "generate"], env)

    summary_warehouse = paths.published_path if publication is not None else paths.build_path
    summary = {
        "profile": args.profile,
        "warehouse": str(paths.published_path),
        "build_warehouse": str(paths.build_path),
        "raw_data_dir": str(paths.raw_dir),
        "reports_dir": str(paths.reports_dir),
        "step_seconds": timer.steps,
        "total_seconds": round(time.perf_counter() - started, 2),
        "dbt_build_peak_rss_gb": dbt_peak_gb,
        "publication": publication.summary() if publication is not None else None,
        "segments": segment_sizes(summary_warehouse),
        "warnings": warehouse_warnings(summary_warehouse),
    }
    (paths.reports_dir / "run_summary.json").write_text(json.dumps(summary, indent=2, default=str))
    print("\n==> done")
    for table, rows in summary["segments"].items():
        parts = ", ".join(f"{row['segment_code']} {row['entities']:,}" for row in rows)
        print(f"  {table}: {parts}")
    for warning in summary["warnings"]:
        print(f"  WARNING: {warning}")
    print(f"  step seconds: {timer.steps}")
    print(f"  dbt build peak RSS: {dbt_peak_gb} GB")
    if publication is not None:
        print(
            f"  warehouse:  {paths.published_path} (publication {publication.publication_id}; "
            f"build in {paths.build_path})"
        )
    else:
        print(f"  warehouse:  {paths.build_path} (build only, not published)")
    print(f"  reports:    {paths.reports_dir} (segments.xlsx/.md, run_summary.json, plots, Data Docs)")
    print(f"  dbt docs:   {paths.target_dir / 'index.html'} (serve with: .venv/bin/dbt docs serve)")
    print(f"  segments:   {paths.reports_dir / 'index.html'} (one page to open or send; make explore)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
