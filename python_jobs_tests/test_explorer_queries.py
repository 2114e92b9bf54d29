"""The explorer's queries and the HTML report on the fixture warehouse: every segmentation, real sizes,
personas with actions and lifts, ids only in lookups and audience lists."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import duckdb
import pytest

from python_jobs import html_report
from python_jobs.explorer import queries
from python_jobs.generate.hubspot_vocabulary import PII_COLUMNS


def raw_pii_values(fixture_warehouse: Path) -> set[str]:
    """Every name, email and phone number of the fixture's raw HubSpot export (long enough to be telling)."""
    raw = fixture_warehouse.parent / "raw" / "hubspot" / "contacts.csv"
    columns = ", ".join(f'"{column}"' for column in PII_COLUMNS)
    with duckdb.connect() as connection:
        rows = connection.execute(
            f"select {columns} from read_csv(?, all_varchar = true)", [str(raw)]
        ).fetchall()
    return {value for row in rows for value in row if value is not None and len(value) >= 6}


def test_every_segment_table_is_listed_with_its_run_and_validation(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    found = {item.table: item for item in queries.segmentations(warehouse)}
    assert {"seg_learners", "seg_hubspot_geography", "seg_ad_users", "seg_web_intent"} <= set(found)
    for item in found.values():
        total = warehouse.execute(f"select count(*) from marts.{item.table}").fetchone()
        assert total is not None and item.entities == total[0]
        assert item.failed_expectations == 0 and item.validation_status.startswith("passed"), item
    assert found["seg_learners"].entity_column == "learner_id"
    assert found["seg_learners"].run_id is not None
    assert found["seg_hubspot_geography"].run_id is None


def test_personas_carry_names_actions_shares_and_lifts(warehouse: duckdb.DuckDBPyConnection) -> None:
    for table in ("seg_learners", "seg_hubspot_promotion"):
        cards = queries.personas(warehouse, table)
        assert sum(card.share for card in cards) == pytest.approx(1.0)
        assert [card.entities for card in cards] == sorted((card.entities for card in cards), reverse=True)
        assert all(card.segment_name and card.marketing_action for card in cards)
        assert all(card.features for card in cards), table
    geography = queries.personas(warehouse, "seg_hubspot_geography")
    assert all([item.feature for item in card.outcomes] == ["close_rate"] for card in geography)
    closed = warehouse.execute(
        "select avg(is_closed::int) from marts.seg_hubspot_geography join marts.feat_hubspot_contacts"
        " using (contact_id)"
    ).fetchone()
    assert closed is not None
    assert geography[0].outcomes[0].population_mean == pytest.approx(closed[0])
    # An engine persona's top feature is the one with the largest standardised difference.
    top = queries.personas(warehouse, "seg_learners")[0]
    differences = [abs(item.std_difference or 0.0) for item in top.features]
    assert differences == sorted(differences, reverse=True)


def test_lift_labels_say_over_and_under_indexing() -> None:
    assert queries.lift_label(1.5) == "▲ 1.50×"
    assert queries.lift_label(0.25) == "▼ 0.25×"
    assert queries.lift_label(None) == "–"


def test_lookup_and_audience_return_ids_codes_and_names_only(warehouse: duckdb.DuckDBPyConnection) -> None:
    member = warehouse.execute("select learner_id, segment_code from marts.seg_learners limit 1").fetchone()
    assert member is not None
    found = queries.lookup(warehouse, str(member[0]))
    assert list(found.columns) == ["segmentation", "segment_code", "segment_name", "marketing_action"]
    assert member[1] in found.loc[found["segmentation"] == "seg_learners", "segment_code"].tolist()
    assert queries.lookup(warehouse, "no-such-id").empty
    ids = queries.audience(warehouse, "seg_learners", str(member[1]))
    assert list(ids.columns) == ["learner_id"] and member[0] in ids["learner_id"].tolist()


def test_moves_are_none_without_membership_history(warehouse: duckdb.DuckDBPyConnection) -> None:
    tables = queries.schema_tables(warehouse, queries.MARTS_SCHEMA)
    if "seg_learners__membership_events" in tables:
        moved = queries.moves(warehouse, "seg_learners")
        assert moved is not None and set(moved.columns) >= {"run_id", "segment_code", "entered", "exited"}
    else:
        assert queries.moves(warehouse, "seg_learners") is None


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for key in ("src", "href"):
            value = values.get(key)
            if value is not None:
                self.urls.append(value)


def test_html_report_is_self_contained_and_covers_every_segment(
    warehouse: duckdb.DuckDBPyConnection, fixture_warehouse: Path, tmp_path: Path
) -> None:
    reports = fixture_warehouse.parent / "reports"
    page = html_report.render(warehouse, reports)
    collector = _Collector()
    collector.feed(page)
    found = queries.segmentations(warehouse)
    assert {item.table for item in found} <= collector.ids
    for item in found:
        for card in queries.personas(warehouse, item.table):
            assert html_report._e(card.segment_name) in page
    # Only in-page anchors and embedded images: the file opens offline.
    assert all(url.startswith(("#", "data:image/png;base64,")) for url in collector.urls), collector.urls
    assert not re.search(r"https?://", page)
    if (reports / "learners" / "k_selection.png").is_file():
        assert "data:image/png;base64," in page
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page)  # images cannot carry text
    pii = raw_pii_values(fixture_warehouse)
    assert pii and not [value for value in pii if value in text]
    written = html_report.write(warehouse, tmp_path)
    assert written == tmp_path / "index.html" and written.read_text(encoding="utf-8").startswith(
        "<!doctype html>"
    )


def test_validation_status_separates_failures_from_warnings(tmp_path: Path) -> None:
    path = tmp_path / "small.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts; create schema audit")
        for table in ("seg_a", "seg_b", "seg_c"):
            connection.execute(
                f"create table marts.{table} as select 1 as id, 'X' as segment_code, 'x' as segment_name"
            )
        connection.execute(
            "create table audit.validation_results as select * from (values"
            " ('old', timestamp '2026-01-01', 'seg_a', false, 'error'),"
            " ('new', timestamp '2026-01-02', 'seg_a', true, 'error'),"
            " ('new', timestamp '2026-01-02', 'seg_a', false, 'warning'),"
            " ('new', timestamp '2026-01-02', 'seg_b', false, null))"
            " as t(run_id, validated_at, model_name, success, severity)"
        )
    with duckdb.connect(str(path), read_only=True) as connection:
        status = {item.table: item.validation_status for item in queries.segmentations(connection)}
    assert status == {"seg_a": "passed with 1 warning(s)", "seg_b": "1 failed", "seg_c": "not validated"}
