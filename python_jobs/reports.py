"""Write the human-readable reports of a built warehouse: ``python -m python_jobs.reports``.

For every segment table in the marts schema (``seg_<audience>``) it writes the segment sizes and the
segmentation's profile table (``seg_<audience>__profiles``) to one Excel workbook
(``$REPORTS_DIR/segments.xlsx``, a sheet per segmentation) and a Markdown summary
(``$REPORTS_DIR/segments.md``), and, for every segmentation configured with ``plots: true`` (it has a
``seg_<audience>__ward_linkage`` side table from the same run), four PNGs under
``$REPORTS_DIR/<segmentation>/`` (see ``python_jobs.segmentation.plots``); last, the self-contained page
``$REPORTS_DIR/index.html`` that embeds them (``python_jobs.html_report``).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from python_jobs import html_report
from python_jobs.explorer.queries import MARTS_SCHEMA, list_segment_tables, segment_sizes
from python_jobs.paths import reports_dir, warehouse_path
from python_jobs.segmentation.plots import read_plot_inputs, write_plots
from python_jobs.sql_names import qualified_name, schema_tables


@dataclass(frozen=True)
class SegmentationReport:
    table: str
    sizes: pd.DataFrame
    profiles: pd.DataFrame | None


def collect(connection: duckdb.DuckDBPyConnection) -> list[SegmentationReport]:
    existing = schema_tables(connection, MARTS_SCHEMA)
    reports = []
    for table in list_segment_tables(connection):
        profile_table = f"{table}__profiles"
        profiles = (
            connection.execute(f"select * from {qualified_name(MARTS_SCHEMA, profile_table)}").df()
            if profile_table in existing
            else None
        )
        reports.append(
            SegmentationReport(table=table, sizes=segment_sizes(connection, table), profiles=profiles)
        )
    return reports


def write_workbook(reports: list[SegmentationReport], path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        overview = pd.concat(
            [report.sizes.assign(segmentation=report.table) for report in reports] or [pd.DataFrame()],
            ignore_index=True,
        )
        overview.to_excel(writer, sheet_name="overview", index=False)
        for report in reports:
            frame = report.profiles if report.profiles is not None else report.sizes
            # Excel caps sheet names at 31 characters.
            frame.to_excel(writer, sheet_name=report.table.removeprefix("seg_")[:31], index=False)


def write_markdown(reports: list[SegmentationReport], path: Path) -> None:
    lines = ["# Segments", ""]
    for report in reports:
        lines += [f"## {report.table}", "", "| code | name | entities | share |", "|---|---|---:|---:|"]
        for row in report.sizes.itertuples(index=False):
            lines.append(f"| {row.segment_code} | {row.segment_name} | {row.entities:,} | {row.share:.1%} |")
        lines.append("")
    path.write_text("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m python_jobs.reports", description=__doc__)
    parser.add_argument("--warehouse", type=Path, default=None, help="DuckDB file (default: $DUCKDB_PATH)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: $REPORTS_DIR)")
    args = parser.parse_args(argv)
    database = args.warehouse or warehouse_path()
    out_dir = args.out or reports_dir()
    if not database.exists():
        parser.error(f"warehouse {database} does not exist; run `make run` first")
    out_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database), read_only=True) as connection:
        reports = collect(connection)
        plot_inputs = [read_plot_inputs(connection, MARTS_SCHEMA, report.table) for report in reports]
    if not reports:
        print(f"no segment tables in {database}")
        return 1
    write_workbook(reports, out_dir / "segments.xlsx")
    write_markdown(reports, out_dir / "segments.md")
    print(f"wrote {out_dir / 'segments.xlsx'} and {out_dir / 'segments.md'} ({len(reports)} segmentations)")
    for inputs in plot_inputs:
        if inputs is not None:
            folder = out_dir / inputs.name
            written = write_plots(inputs, folder)
            print(f"wrote {len(written)} plots of {inputs.name} (run {inputs.run_id}) to {folder}")
    with duckdb.connect(str(database), read_only=True) as connection:
        page = html_report.write(connection, out_dir)
    print(f"wrote {page}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
