"""Ad-log benchmark: our dbt build of the ad-log path vs the seed notebook's pandas way, at several sizes.

For every size: generate the data (Parquet for the warehouse, the same data as CSV for the reference; not
timed), run the production ``dbt build`` of the ad-log path (staging → feature mart → seg_ad_users, with its
data tests; the unit tests, which do not read the data, run in ``make test``) and the pandas reference
(``python_jobs.benchmark.reference``) each in its own process, timing wall clock and peak RSS, and compare
the two final partitions at the same k with the adjusted Rand index. At the largest size it then times one
more full build, adds one log day and times the incremental run (``dbt run`` of stg_ad_logs__impressions
with the data window extended by that day) and, on a copy of the warehouse from before that day, the daily
job (``dbt build`` of the whole path, segments scored with the stored model). Prints a table, a linear cost
model (fixed seconds + seconds per million impressions, R²) of both sides and, last, one machine-readable
line:

    RESULT full_build_s=<s> peak_rss_gb=<gb> speedup_vs_pandas=<x> incremental_ratio=<r> ari_vs_reference=<a>

for the largest size (incremental_ratio is the incremental model's run over the full build timed just
before it; the daily job's ratio is printed above it). Run on a quiet machine: other processes inflate
every figure. Both sides vary from run to run (the reference took 90 s to 131 s at 26M on one machine):
``--repeat N`` runs each side N times per size, alternating, prints every run and reports the median run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from python_jobs import dbt_cli
from python_jobs.benchmark.reference import number
from python_jobs.paths import PROJECT_ROOT

AD_LOG_SELECTION = (
    "path:seeds/ad_logs",
    "path:models/staging/ad_logs",
    "path:models/intermediate/ad_logs",
    "path:models/marts/ad_logs",
    # The segment-table contract the side-table test of seg_ad_users reads.
    "path:models/reference",
    "path:tests/ad_logs",
)
# Cautious: the other sources' side-table tests read the contract model too, but their segment tables are
# not built by the ad-log path.
AD_LOG_BUILD_ARGS = ("--select", *AD_LOG_SELECTION, "--indirect-selection", "cautious")
INCREMENTAL_DAY_INDEX = 8
INCREMENTAL_WINDOW_END = "2017-05-14"
# Every dbt call of a run passes the same vars (the data window already covers the day added at the end):
# changed vars would invalidate dbt's partial-parse cache and time a full project parse instead.
DBT_VARS = ["--vars", f"{{ad_logs_window_end: '{INCREMENTAL_WINDOW_END}'}}"]
# The page the README's benchmark figures come from.
DEFAULT_REPORT = PROJECT_ROOT / "docs" / "benchmarks" / "latest.md"
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$")


@dataclass(frozen=True)
class Measurement:
    wall_s: float
    peak_rss_gb: float
    output: str


@dataclass(frozen=True)
class SizeResult:
    """One size: ``ours`` / ``reference`` are the median run of each side (``--repeat``); the ARI and the
    inertias come from the last pair of runs (both sides are seeded: every run gives the same partition)."""

    label: str
    impressions: int
    users: int
    ours: Measurement
    reference: Measurement
    k: int
    ari: float
    inertia_ours: float
    inertia_reference: float
    ours_walls: tuple[float, ...] = ()
    reference_walls: tuple[float, ...] = ()

    @property
    def speedup(self) -> float:
        return self.reference.wall_s / self.ours.wall_s

    def spread(self) -> str | None:
        """Every run's wall time and the range of the speed-up over the runs paired in order, or None
        after a single run."""
        if len(self.ours_walls) < 2:
            return None
        pairs = zip(self.ours_walls, self.reference_walls, strict=True)
        ratios = [reference / ours for ours, reference in pairs]
        return (
            f"{self.label}: ours {', '.join(f'{wall:.1f}' for wall in self.ours_walls)} s; pandas "
            f"{', '.join(f'{wall:.1f}' for wall in self.reference_walls)} s; speed-up per pair "
            f"{min(ratios):.2f}x to {max(ratios):.2f}x (medians: {self.speedup:.2f}x)"
        )


def median_run(runs: list[Measurement]) -> Measurement:
    """The run with the median wall time (the lower middle one of an even count)."""
    ordered = sorted(runs, key=lambda run: run.wall_s)
    return ordered[(len(ordered) - 1) // 2]


def parse_size(text: str) -> int:
    """'1.6M' → 1_600_000, '500k' → 500_000, '26000000' → 26_000_000."""
    match = _SIZE.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"size {text!r} is not a number with an optional k/M suffix")
    number, suffix = float(match.group(1)), match.group(2).lower()
    value = round(number * {"": 1, "k": 1_000, "m": 1_000_000}[suffix])
    if value < 1_000:
        raise argparse.ArgumentTypeError(f"size {text!r} is below 1000 impressions")
    return value


def positive_int(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number >= 1")
    return int(text)


def parse_sizes(text: str) -> list[tuple[str, int]]:
    labels = [part.strip() for part in text.split(",") if part.strip()]
    if not labels:
        raise argparse.ArgumentTypeError("--sizes needs at least one size")
    return [(label, parse_size(label)) for label in labels]


def measure(command: list[str], env: dict[str, str], log_path: Path) -> Measurement:
    """Run ``command`` as a child process; wall time and the child's own peak RSS (``wait4``).

    Pending file writes are flushed first, untimed: the data generated at 26M impressions (1.6 GB of CSV
    and Parquet) or the warehouse the previous process wrote would otherwise sit in the page cache as
    dirty pages that the kernel writes back during the next timed process (up to 30 s later)."""
    os.sync()
    started = time.perf_counter()
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    output = log_path.read_text()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        tail = "\n".join(output.splitlines()[-25:])
        raise SystemExit(
            f"command failed with exit code {code}: {' '.join(command)}\n{tail}\n(log: {log_path})"
        )
    return Measurement(wall_s=wall, peak_rss_gb=usage.ru_maxrss / 1024**2, output=output)


def build_ad_log_path(dbt: str, env: dict[str, str], log_path: Path) -> Measurement:
    """Time the production ``dbt build`` of the ad-log path (with the run's vars: models, seeds and data
    tests; unit tests run in ``make test``) on the warehouse ``env`` names."""
    command = [dbt, "build", *dbt_cli.PRODUCTION_BUILD_FLAGS, *AD_LOG_BUILD_ARGS, *DBT_VARS]
    return measure(command, env, log_path)


def report(label: str, measurement: Measurement) -> None:
    print(f"[{label}]   {measurement.wall_s:.1f}s, peak {measurement.peak_rss_gb:.2f} GB", flush=True)


def child_env() -> dict[str, str]:
    """The environment of both measured processes. OpenMP threads that spin while waiting (the default)
    slow scikit-learn's KMeans down by orders of magnitude when other processes share the cores, so both
    sides wait passively; set OMP_WAIT_POLICY yourself to override."""
    env = dict(os.environ)
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    return env


def dbt_env(work: Path, raw_dir: Path) -> dict[str, str]:
    env = dbt_cli.dbt_env(
        raw_dir=raw_dir,
        duckdb_path=work / "audience.duckdb",
        target_dir=work / "target",
        reports_dir=work / "reports",
        base=child_env(),
    )
    env.setdefault("SEGMENTATION_THREADS", str(os.cpu_count() or 1))
    return env


def generate(out_dir: Path, impressions: int, seed: int, file_format: str, extra: list[str]) -> None:
    command = [
        sys.executable,
        "-m",
        "python_jobs.generate",
        "ad_logs",
        "--out",
        str(out_dir),
        "--impressions",
        str(impressions),
        "--seed",
        str(seed),
        "--format",
        file_format,
        *extra,
    ]
    subprocess.run(command, cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL)


def warehouse_partition(duckdb_path: Path) -> tuple[pd.DataFrame, int]:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        frame = connection.execute("select user_id, segment_id from marts.seg_ad_users").df()
    return frame, int(frame["segment_id"].nunique())


def impression_rows(duckdb_path: Path) -> int:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        rows = connection.execute("select count(*) from staging.stg_ad_logs__impressions").fetchall()
    return int(rows[0][0])


def ari(ours: pd.DataFrame, reference: pd.DataFrame) -> float:
    """Adjusted Rand index of two partitions of the same users (inner join on user_id; both must match)."""
    merged = ours.merge(reference, on="user_id", how="inner")
    if len(merged) != len(ours) or len(merged) != len(reference):
        raise SystemExit(
            f"partitions cover different users: ours {len(ours)}, reference {len(reference)}, "
            f"common {len(merged)}"
        )
    return float(adjusted_rand_score(merged["segment_id"], merged["label"]))


def run_size(label: str, impressions: int, args: argparse.Namespace) -> SizeResult:
    work = args.work_dir / label
    raw_dir, csv_dir = work / "raw", work / "raw_csv"
    marker = raw_dir / "ad_logs" / ".complete"
    if not (args.reuse_data and marker.exists()):
        print(f"[{label}] generating {impressions:,} impressions (Parquet and CSV) ...", flush=True)
        shutil.rmtree(work, ignore_errors=True)
        generate(raw_dir / "ad_logs", impressions, args.seed, "parquet", [])
        generate(csv_dir / "ad_logs", impressions, args.seed, "csv", [])
        marker.write_text("")
    shutil.rmtree(work / "target", ignore_errors=True)
    env = dbt_env(work, raw_dir)
    dbt = dbt_cli.dbt_executable()
    # Parsing the whole project costs the same at every data size; it is done (and reported) apart, so
    # the timed build starts from dbt's partial-parse cache like any repeated run does.
    (work / "audience.duckdb").unlink(missing_ok=True)
    parse = measure([dbt, "parse", *DBT_VARS], env, work / "dbt_parse.log")
    print(f"[{label}] dbt parse (untimed warm-up): {parse.wall_s:.1f}s", flush=True)
    labels_path = work / "reference_labels.parquet"
    ours_path = work / "ours_labels.parquet"
    ours_runs: list[Measurement] = []
    reference_runs: list[Measurement] = []
    for attempt in range(1, args.repeat + 1):
        run = f" (run {attempt} of {args.repeat})" if args.repeat > 1 else ""
        # Every build starts from an empty warehouse: a full build, never an incremental one.
        (work / "audience.duckdb").unlink(missing_ok=True)
        print(f"[{label}] dbt build of the ad-log path (production: no unit tests){run} ...", flush=True)
        ours = build_ad_log_path(dbt, env, work / "dbt_build.log")
        report(label, ours)
        ours_runs.append(ours)
        partition, k = warehouse_partition(work / "audience.duckdb")
        print(f"[{label}] pandas reference (read_csv, groupby, KMeans sweep, k={k}){run} ...", flush=True)
        partition.to_parquet(ours_path, index=False)
        reference_command = [
            sys.executable,
            "-m",
            "python_jobs.benchmark.reference",
            "--raw-dir",
            str(csv_dir / "ad_logs"),
            "--k",
            str(k),
            "--out",
            str(labels_path),
            "--compare",
            str(ours_path),
        ]
        reference = measure(reference_command, child_env(), work / "reference.log")
        report(label, reference)
        reference_runs.append(reference)
    score = ari(partition, pd.read_parquet(labels_path))
    summary = reference_summary(reference.output)
    inertia_ours = number(summary, "inertia_compared")
    inertia_reference = number(summary, "inertia_reference")
    print(
        f"[{label}]   ARI vs reference at k={k}: {score:.3f}; KMeans inertia ours {inertia_ours:,.1f} "
        f"vs reference {inertia_reference:,.1f} (lower is the better optimum)",
        flush=True,
    )
    return SizeResult(
        label,
        impressions,
        len(partition),
        median_run(ours_runs),
        median_run(reference_runs),
        k,
        score,
        inertia_ours,
        inertia_reference,
        ours_walls=tuple(run.wall_s for run in ours_runs),
        reference_walls=tuple(run.wall_s for run in reference_runs),
    )


def reference_summary(output: str) -> dict[str, object]:
    """The JSON the reference prints on its ``REFERENCE {...}`` line."""
    for line in reversed(output.splitlines()):
        if line.startswith("REFERENCE "):
            parsed = json.loads(line.removeprefix("REFERENCE "))
            assert isinstance(parsed, dict)
            return parsed
    raise SystemExit("the reference printed no REFERENCE line")


@dataclass(frozen=True)
class IncrementalResult:
    """Adding one log day: the incremental model alone, and the whole ad-log path as a daily job runs it,
    with the full build timed just before them that their ratios divide by."""

    full_build: Measurement
    model_run: Measurement
    daily_build: Measurement
    rows_added: int

    def model_ratio(self) -> float:
        return self.model_run.wall_s / self.full_build.wall_s

    def daily_ratio(self) -> float:
        return self.daily_build.wall_s / self.full_build.wall_s


def run_incremental(label: str, impressions: int, args: argparse.Namespace) -> IncrementalResult:
    """Time a full build of the largest size, add day index 8 (2017-05-14) to its raw data, then time (1)
    ``dbt run`` of the incremental stg_ad_logs__impressions and (2) on a copy of the warehouse as it was
    before the day arrived, the daily job: ``dbt build`` of the whole ad-log path (incremental staging, the
    feature mart rebuilt, users scored with the stored segmentation model (``SEGMENTATION_MODE=score``),
    every data test; unit tests run in ``make test``).

    The ratios divide by that full build, not by the one timed against the reference minutes earlier: this
    machine's speed drifts by up to a third within minutes, so a ratio of runs minutes apart partly
    measures the drift."""
    work = args.work_dir / label
    raw_dir = work / "raw"
    daily_work = work / "daily"
    dbt = dbt_cli.dbt_executable()
    (work / "audience.duckdb").unlink(missing_ok=True)
    print(f"[{label}] a full build to compare one more day with ...", flush=True)
    full_build = build_ad_log_path(dbt, dbt_env(work, raw_dir), work / "dbt_build_before_day.log")
    report(label, full_build)
    shutil.rmtree(daily_work, ignore_errors=True)
    daily_work.mkdir(parents=True)
    shutil.copyfile(work / "audience.duckdb", daily_work / "audience.duckdb")
    before = impression_rows(work / "audience.duckdb")
    print(f"[{label}] adding one log day and running the incremental model ...", flush=True)
    generate(
        raw_dir / "ad_logs", impressions, args.seed, "parquet", ["--only-day", str(INCREMENTAL_DAY_INDEX)]
    )
    try:
        model_run = measure(
            [dbt, "run", "--select", "stg_ad_logs__impressions", *DBT_VARS],
            dbt_env(work, raw_dir),
            work / "dbt_incremental.log",
        )
        added = impression_rows(work / "audience.duckdb") - before
        print(f"[{label}]   {model_run.wall_s:.1f}s, {added:,} rows added", flush=True)
        print(f"[{label}] the daily job on the same new day: dbt build of the ad-log path ...", flush=True)
        # A daily job between weekly refits scores users with the stored model (README, Scheduling).
        daily_env = dbt_env(daily_work, raw_dir) | {"SEGMENTATION_MODE": "score"}
        measure([dbt, "parse", *DBT_VARS], daily_env, daily_work / "dbt_parse.log")
        daily_build = build_ad_log_path(dbt, daily_env, daily_work / "dbt_build.log")
        report(label, daily_build)
    finally:
        for path in (raw_dir / "ad_logs" / "raw_sample").glob(f"raw_sample_{INCREMENTAL_WINDOW_END}.*"):
            path.unlink()
    return IncrementalResult(
        full_build=full_build, model_run=model_run, daily_build=daily_build, rows_added=added
    )


@dataclass(frozen=True)
class CostFit:
    """Least-squares wall time = fixed_s + per_million_s x (million impressions), with R²."""

    fixed_s: float
    per_million_s: float
    r_squared: float


def fit_cost(impressions: list[int], seconds: list[float]) -> CostFit | None:
    """A straight line through (impressions, seconds); None with fewer than two sizes."""
    if len(impressions) < 2:
        return None
    millions = np.asarray(impressions, dtype="float64") / 1e6
    wall = np.asarray(seconds, dtype="float64")
    slope, intercept = np.polyfit(millions, wall, 1)
    residual = float(((wall - (intercept + slope * millions)) ** 2).sum())
    total = float(((wall - wall.mean()) ** 2).sum())
    return CostFit(float(intercept), float(slope), 1.0 - residual / total if total > 0 else 1.0)


def format_cost_fits(results: list[SizeResult]) -> str:
    """The linear cost model of both sides and the marginal cost between consecutive sizes."""
    impressions = [result.impressions for result in results]
    lines = []
    for name, seconds in (
        ("ours", [result.ours.wall_s for result in results]),
        ("pandas", [result.reference.wall_s for result in results]),
    ):
        fit = fit_cost(impressions, seconds)
        if fit is None:
            continue
        marginal = [
            (seconds[i + 1] - seconds[i]) / ((impressions[i + 1] - impressions[i]) / 1e6)
            for i in range(len(results) - 1)
        ]
        lines.append(
            f"cost model {name}: {fit.fixed_s:.1f}s fixed + {fit.per_million_s:.2f}s per million impressions "
            f"(R² {fit.r_squared:.3f}); marginal s per million between sizes: "
            + ", ".join(f"{value:.2f}" for value in marginal)
        )
    return "\n".join(lines)


def format_table(results: list[SizeResult]) -> str:
    header = (
        f"{'size':>6} {'impressions':>12} {'users':>10} {'ours_s':>8} {'ours_gb':>8} {'pandas_s':>9} "
        f"{'pandas_gb':>9} {'speedup':>8} {'ours_s_per_M':>12} {'k':>3} {'ari':>6} {'inertia_ours/ref':>16}"
    )
    lines = [header, "-" * len(header)]
    for result in results:
        lines.append(
            f"{result.label:>6} {result.impressions:>12,} {result.users:>10,} {result.ours.wall_s:>8.1f} "
            f"{result.ours.peak_rss_gb:>8.2f} {result.reference.wall_s:>9.1f} "
            f"{result.reference.peak_rss_gb:>9.2f} {result.speedup:>7.1f}x "
            f"{result.ours.wall_s / (result.impressions / 1e6):>12.2f} {result.k:>3} {result.ari:>6.3f} "
            f"{result.inertia_ours / result.inertia_reference:>16.4f}"
        )
    return "\n".join(lines)


def result_line(largest: SizeResult, incremental_ratio: float) -> str:
    """The machine-readable last line; ``incremental_ratio`` is the one-day run over its full build."""
    return (
        f"RESULT full_build_s={largest.ours.wall_s:.1f} peak_rss_gb={largest.ours.peak_rss_gb:.2f} "
        f"speedup_vs_pandas={largest.speedup:.2f} "
        f"incremental_ratio={incremental_ratio:.3f} "
        f"ari_vs_reference={largest.ari:.3f}"
    )


def summary_lines(results: list[SizeResult], incremental: IncrementalResult) -> list[str]:
    """The benchmark's closing summary: the table, every run's spread, the cost models and the one-day
    figures, one text line each (the RESULT line is added by the caller)."""
    largest = results[-1]
    lines = format_table(results).splitlines()
    lines += [spread for spread in (result.spread() for result in results) if spread is not None]
    cost = format_cost_fits(results)
    if cost:
        lines += cost.splitlines()
    lines.append(
        f"incremental one-day run at {largest.label}: {incremental.model_run.wall_s:.1f}s for "
        f"{incremental.rows_added:,} new rows = {incremental.model_ratio():.1%} of a full build timed just "
        f"before it ({incremental.full_build.wall_s:.1f}s) (dbt run of stg_ad_logs__impressions); the daily "
        f"job, dbt build of the whole ad-log path with the new day and SEGMENTATION_MODE=score, "
        f"{incremental.daily_build.wall_s:.1f}s = {incremental.daily_ratio():.1%}"
    )
    return lines


def _git_head() -> str:
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return completed.stdout.strip()


def write_report(path: Path, summary: list[str], argv: list[str]) -> None:
    """Write the summary as the Markdown page the README links to, so its figures are never hand-typed."""
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = "\n".join(
        [
            "# Ad-log benchmark: latest run",
            "",
            f"Written by `make benchmark` (`python -m python_jobs.benchmark ad_logs {' '.join(argv)}`"
            f") on {stamp}, at commit `{_git_head()}`, on a machine with "
            f"{os.cpu_count()} cores and {memory_gb:.0f} GiB. Do not edit by hand: run the benchmark again.",
            "",
            "```",
            *summary,
            "```",
            "",
        ]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m python_jobs.benchmark ad_logs",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes("1.6M,6.5M,26M"),
        help="comma-separated impression counts with k/M suffixes (default 1.6M,6.5M,26M)",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=PROJECT_ROOT / "build" / "benchmark",
        help="where data, warehouses and logs go (default build/benchmark)",
    )
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument(
        "--reuse-data", action="store_true", help="keep previously generated data in the work dir"
    )
    parser.add_argument(
        "--repeat",
        type=positive_int,
        default=1,
        help="runs of each side per size, alternating; the table and RESULT use the median run (default 1)",
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=DEFAULT_REPORT,
        help=f"Markdown page the summary is written to (default {DEFAULT_REPORT.relative_to(PROJECT_ROOT)})",
    )
    parser.add_argument("--no-report", dest="report", action="store_const", const=None, help="write no page")
    args = parser.parse_args(argv)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    sizes = sorted(args.sizes, key=lambda size: size[1])
    print(f"ad-log benchmark: sizes {', '.join(label for label, _ in sizes)}; work dir {args.work_dir}")
    load_at_start = f"load average at start: {', '.join(f'{value:.2f}' for value in os.getloadavg())}"
    print(load_at_start, flush=True)
    started = time.perf_counter()
    results = [run_size(label, impressions, args) for label, impressions in sizes]
    incremental = run_incremental(sizes[-1][0], sizes[-1][1], args)
    summary = [load_at_start, *summary_lines(results, incremental)]
    summary.append(
        f"benchmark wall time {time.perf_counter() - started:.0f}s; load average at end: "
        f"{', '.join(f'{value:.2f}' for value in os.getloadavg())}"
    )
    summary.append(result_line(results[-1], incremental.model_ratio()))
    print()
    print("\n".join(summary), flush=True)
    if args.report is not None:
        write_report(args.report, summary, argv if argv is not None else sys.argv[1:])
        print(f"report written to {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
