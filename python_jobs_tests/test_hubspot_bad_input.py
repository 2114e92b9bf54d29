"""Malformed HubSpot exports through the real dbt staging models, each in its own tmp warehouse.

Every case writes a crafted ``contacts.csv`` under ``tmp_path/raw/hubspot/``, runs one ``dbt build`` of the
HubSpot staging path (alias and property seeds, base / column-resolution / staged / rejects models, the
property-history model, their data tests and the raw = staged + rejected test) and checks either the
staged and rejected rows or the error message.
Documented decisions checked here:

- a blank count is staged as 0; a non-numeric, negative or fractional count is rejected;
- an unparseable date is rejected; '1.6e12' epoch floats are accepted;
- a repeated Record ID: the first good occurrence is staged, later ones are rejected;
- a missing required column fails the run naming the file, the property and every alias tried;
- an empty (0-byte) file fails the run with a clear message; a header-only file stages zero rows;
- a ragged record (more fields than the header) fails the run with DuckDB's error naming file and line;
- a UTF-8 BOM, CRLF line ends, decomposed (NFD) accents in headers, and quotes / commas / line breaks
  inside quoted values load normally.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from python_jobs.dbt_cli import dbt_env, run_dbt
from python_jobs.paths import PROJECT_ROOT

pytestmark = pytest.mark.dbt

STAGING_SELECTION = (
    "hubspot_column_aliases",
    "hubspot_properties",
    "path:models/staging/hubspot",
    "int_hubspot_contact_property_histories_unnested",
)

HEADER = (
    "Record ID",
    "Email",
    "Propiedad del contacto",
    "Lifecycle Stage",
    "Create Date",
    "Close Date",
    "Number of Sessions",
    "Number of Pageviews",
    "Number of Form Submissions",
    "Original Source",
    "Last Referring Site",
    "Actividades de promoción APREU",
)


@dataclass(frozen=True)
class DbtRun:
    returncode: int
    output: str
    warehouse: Path
    contacts_file: Path


def csv_line(values: Sequence[str]) -> str:
    """One CSV record; values containing a comma, quote or line break are quoted, quotes doubled."""
    cells = []
    for value in values:
        if any(character in value for character in ',"\r\n'):
            cells.append('"' + value.replace('"', '""') + '"')
        else:
            cells.append(value)
    return ",".join(cells)


def build_staging(tmp_path: Path, content: bytes) -> DbtRun:
    """Write ``content`` as the contacts export and run ``dbt build`` on the HubSpot staging path."""
    raw_dir = tmp_path / "raw"
    contacts_file = raw_dir / "hubspot" / "contacts.csv"
    contacts_file.parent.mkdir(parents=True, exist_ok=True)
    contacts_file.write_bytes(content)
    warehouse = tmp_path / "hubspot.duckdb"
    env = dbt_env(raw_dir=raw_dir, duckdb_path=warehouse, target_dir=tmp_path / "target")
    completed = run_dbt(
        [
            *("build", "--select", *STAGING_SELECTION),
            *("--exclude", "test_type:unit", "--indirect-selection", "cautious"),
        ],
        env,
        timeout=600,
    )
    return DbtRun(completed.returncode, completed.stdout + completed.stderr, warehouse, contacts_file)


def query(run: DbtRun, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(run.warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


MESSY_HEADER = (
    # Internal and Spanish aliases mixed with English names; an unaliased PII column is ignored.
    "hs_object_id",
    "Email",
    "Propiedad del contacto",
    "Etapa del ciclo de vida",
    "Create Date",
    "Close Date",
    # Decomposed accents (NFD), as some macOS tools write them; the seed spells the alias composed.
    unicodedata.normalize("NFD", "Número de sesiones"),
    "Number of Pageviews",
    "Forms Submitted",
    "Original Source",
    "Last Referring Site",
    "Actividades de promoción APREU",
)
MESSY_ROWS = (
    # 1: good; history strings in numeric fields, a URL history, a quoted value with a comma and a quote.
    (
        "101",
        "a@x.com",
        "APREU",
        "lead // customer",
        "1600000000000",
        "1610000000000",
        "0//1//3",
        "5",
        "1",
        "PAID_SEARCH",
        "https://www.google.com/ // https://t.co/x",
        'Open Day, "Fogatada" // Sitio web',
    ),
    # 2: blank counts are coerced to 0; epoch written as a float.
    ("102", "", "APREU", "lead", "1.6e12", "", "", "", "", "PAID_SOCIAL", "", ""),
    # 3: non-numeric count -> rejected.
    ("103", "", "APREU", "lead", "1600000000000", "", "many", "1", "0", "DIRECT_TRAFFIC", "", ""),
    # 4: unparseable close date -> rejected.
    ("104", "", "APREU", "lead", "1600000000000", "31/02/2021", "1", "1", "0", "DIRECT_TRAFFIC", "", ""),
    # 5: duplicate of 101 -> rejected, first occurrence (row 1) kept.
    ("101", "", "APREU", "lead", "1600000000000", "", "2", "2", "0", "DIRECT_TRAFFIC", "", ""),
    # 6: good; a line break inside a quoted value.
    ("105", "", "APREU", "other", "1600000000000", "", "1", "1", "1", "OFFLINE", "", "Feria\nuniversitaria"),
)


@pytest.fixture(scope="module")
def messy_run(tmp_path_factory: pytest.TempPathFactory) -> DbtRun:
    lines = [csv_line(MESSY_HEADER), *(csv_line(row) for row in MESSY_ROWS)]
    content = "\ufeff" + "\r\n".join(lines) + "\r\n"
    return build_staging(tmp_path_factory.mktemp("messy"), content.encode("utf-8"))


def test_messy_export_builds_and_every_test_passes(messy_run: DbtRun) -> None:
    assert messy_run.returncode == 0, messy_run.output[-4000:]


def test_messy_export_resolves_aliases_despite_bom(messy_run: DbtRun) -> None:
    resolved = dict(
        query(messy_run, "select property_name, source_column from staging.base_hubspot__contacts_columns")
    )
    assert resolved["record_id"] == "hs_object_id"
    assert resolved["lifecycle_stage"] == "Etapa del ciclo de vida"
    assert resolved["num_sessions"] == unicodedata.normalize("NFD", "Número de sesiones")
    assert resolved["forms_submitted"] == "Forms Submitted"
    assert resolved["ip_country"] is None


def test_messy_export_stages_good_rows_with_coercions(messy_run: DbtRun) -> None:
    rows = query(
        messy_run,
        "select contact_id, source_row_number, lifecycle_stage, num_sessions, num_pageviews, "
        "forms_submitted, cast(created_at as varchar), last_referrer, apreu_promotion_history_text "
        "from staging.stg_hubspot__contacts order by contact_id",
    )
    assert rows == [
        (
            101,
            1,
            "customer",
            3,
            5,
            1,
            "2020-09-13 12:26:40",
            "https://t.co/x",
            'Open Day, "Fogatada" Sitio web',
        ),
        (102, 2, "lead", 0, 0, 0, "2020-09-13 12:26:40", None, None),
        (105, 6, "other", 1, 1, 1, "2020-09-13 12:26:40", None, "Feria\nuniversitaria"),
    ]


def test_messy_export_rejects_name_file_row_column_value_and_reason(messy_run: DbtRun) -> None:
    rows = query(
        messy_run,
        "select source_file, source_row_number, reject_column, rejected_value, reject_reason "
        "from staging.stg_hubspot__rejects order by source_row_number",
    )
    file = str(messy_run.contacts_file)
    assert rows == [
        (
            file,
            3,
            unicodedata.normalize("NFD", "Número de sesiones"),
            "many",
            "count is not a non-negative whole number",
        ),
        (file, 4, "Close Date", "31/02/2021", "unparseable date (expected epoch milliseconds or ISO 8601)"),
        (file, 5, "hs_object_id", "101", "duplicate Record ID (first occurrence kept: data row 1)"),
    ]


def test_messy_export_raw_rows_equal_staged_plus_rejected(messy_run: DbtRun) -> None:
    ((staged, rejected),) = query(
        messy_run,
        "select (select count(*) from staging.stg_hubspot__contacts), "
        "(select count(*) from staging.stg_hubspot__rejects)",
    )
    assert staged + rejected == len(MESSY_ROWS)


def test_messy_export_never_stages_pii(messy_run: DbtRun) -> None:
    staged = [
        *query(messy_run, "select * from staging.base_hubspot__contacts"),
        *query(messy_run, "select * from staging.stg_hubspot__contacts"),
        *query(messy_run, "select * from intermediate.int_hubspot_contact_property_histories_unnested"),
    ]
    assert staged, "nothing staged"
    assert not [row for row in staged if "a@x.com" in repr(row)]


def test_missing_required_column_names_file_column_and_aliases(tmp_path: Path) -> None:
    header = [name for name in HEADER if name != "Number of Sessions"]
    row = ["1", "", "APREU", "lead", "1600000000000", "", "1", "1", "PAID_SEARCH", "", ""]
    run = build_staging(tmp_path, (csv_line(header) + "\n" + csv_line(row) + "\n").encode())
    assert run.returncode != 0
    assert str(run.contacts_file) in run.output
    assert (
        "missing required column(s): 'num_sessions' (tried aliases: 'Number of Sessions', "
        "'Número de sesiones', 'hs_analytics_num_visits')"
    ) in run.output


def test_ragged_row_fails_naming_file_and_line(tmp_path: Path) -> None:
    """A record with more fields than the header cannot be split into columns: the run fails."""
    row = ["1", "", "APREU", "lead", "1600000000000", "", "1", "1", "1", "PAID_SEARCH", "", ""]
    lines = [csv_line(HEADER), *(csv_line([str(n), *row[1:]]) for n in range(1, 30_001))]
    lines[25_000] = lines[25_000] + ",EXTRA"
    run = build_staging(tmp_path, ("\n".join(lines) + "\n").encode())
    assert run.returncode != 0
    assert "CSV Error on Line: 25001" in run.output
    assert str(run.contacts_file) in run.output


def test_empty_file_fails_with_clear_message(tmp_path: Path) -> None:
    run = build_staging(tmp_path, b"")
    assert run.returncode != 0
    assert f"HubSpot contacts file {run.contacts_file} is empty" in run.output


def test_header_only_file_stages_zero_rows(tmp_path: Path) -> None:
    run = build_staging(tmp_path, (csv_line(HEADER) + "\n").encode())
    assert run.returncode == 0, run.output[-4000:]
    assert query(
        run,
        "select (select count(*) from staging.stg_hubspot__contacts), "
        "(select count(*) from staging.stg_hubspot__rejects)",
    ) == [(0, 0)]


def test_generated_internal_header_export_with_bom_and_crlf_stages_every_row(tmp_path: Path) -> None:
    """The demo generator's hs_* / alias header style, BOM and CRLF: every row staged, none rejected."""
    out_dir = tmp_path / "generated"
    subprocess.run(
        [
            *(sys.executable, "-m", "python_jobs.generate", "hubspot", "--out", str(out_dir)),
            *("--rows", "300", "--seed", "11", "--header-style", "internal", "--bom", "--crlf"),
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    content = (out_dir / "contacts.csv").read_bytes()
    assert content.startswith(b"\xef\xbb\xbf") and b"\r\n" in content
    run = build_staging(tmp_path / "dbt", content)
    assert run.returncode == 0, run.output[-4000:]
    resolved = dict(
        query(run, "select property_name, source_column from staging.base_hubspot__contacts_columns")
    )
    assert resolved["record_id"] == "hs_object_id"
    assert resolved["num_sessions"] == "hs_analytics_num_visits"
    assert query(
        run,
        "select (select count(*) from staging.stg_hubspot__contacts), "
        "(select count(*) from staging.stg_hubspot__rejects)",
    ) == [(300, 0)]
