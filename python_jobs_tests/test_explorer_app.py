"""The Streamlit explorer on the fixture warehouse: every page renders real content without an exception
(Streamlit's AppTest), and the served app renders in headless Chromium (a screenshot).

Runs in the explorer's environment (``make test-explorer``); the core environment has no Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

pytest.importorskip("streamlit", reason="the explorer's tests run in .venv-explorer (make test-explorer)")

from streamlit.testing.v1 import AppTest

from python_jobs.explorer import app as explorer_app
from python_jobs.explorer import queries, snapshot

APP = Path(explorer_app.__file__)


@pytest.fixture
def explorer(fixture_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("EXPLORER_WAREHOUSE", str(fixture_warehouse))
    yield AppTest.from_file(str(APP), default_timeout=60)


def open_page(explorer: AppTest, page: str, table: str = "seg_learners") -> AppTest:
    explorer.run()
    explorer.sidebar.radio[0].set_value(page)
    explorer.sidebar.selectbox[0].set_value(table)
    explorer.run()
    assert not explorer.exception, [item.value for item in explorer.exception]
    return explorer


def markdown(explorer: AppTest) -> str:
    return "\n".join(str(item.value) for item in explorer.markdown)


def test_overview_lists_every_segmentation(explorer: AppTest, warehouse: duckdb.DuckDBPyConnection) -> None:
    page = open_page(explorer, "Overview")
    tables = [item.table for item in queries.segmentations(warehouse)]
    shown = page.dataframe[0].value
    assert shown["segmentation"].tolist() == tables
    assert all(status.startswith("passed") for status in shown["validation"])
    assert [item.value for item in page.subheader] == tables


def test_personas_show_name_action_and_lift(explorer: AppTest, warehouse: duckdb.DuckDBPyConnection) -> None:
    page = open_page(explorer, "Personas")
    cards = queries.personas(warehouse, "seg_learners")
    assert [item.value for item in page.info] == [card.marketing_action for card in cards]
    text = markdown(page)
    assert all(card.segment_name in text for card in cards)
    assert {"sets it apart", "lift"} <= set(page.dataframe[0].value.columns)


def test_model_page_shows_the_k_sweep_and_a_rule_note(explorer: AppTest) -> None:
    page = open_page(explorer, "Model")
    assert "k chosen" in markdown(page)
    rules = open_page(explorer, "Model", "seg_hubspot_geography")
    assert "rule segmentation" in markdown(rules)


def test_moves_page_explains_missing_history(explorer: AppTest, warehouse: duckdb.DuckDBPyConnection) -> None:
    page = open_page(explorer, "Moves")
    if queries.moves(warehouse, "seg_learners") is None:
        assert "No membership history" in page.warning[0].value
    else:
        assert page.dataframe or "No one entered" in markdown(page)


def test_lookup_finds_an_id_across_segmentations(
    explorer: AppTest, warehouse: duckdb.DuckDBPyConnection
) -> None:
    member = warehouse.execute("select learner_id, segment_name from marts.seg_learners limit 1").fetchone()
    assert member is not None
    page = open_page(explorer, "Lookup")
    page.text_input[0].input(str(member[0])).run()
    assert not page.exception
    found = page.dataframe[0].value
    assert member[1] in found["segment_name"].tolist()
    assert list(found.columns) == ["segmentation", "segment_code", "segment_name", "marketing_action"]


def test_audiences_page_offers_one_download_per_segment(
    explorer: AppTest, warehouse: duckdb.DuckDBPyConnection
) -> None:
    page = open_page(explorer, "Audiences")
    buttons = page.get("download_button")
    assert len(buttons) == len(queries.segment_sizes(warehouse, "seg_learners"))


def test_missing_warehouse_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPLORER_WAREHOUSE", str(tmp_path / "absent.duckdb"))
    page = AppTest.from_file(str(APP), default_timeout=60).run()
    assert "run `make run` first" in page.error[0].value


def test_served_app_renders_in_headless_chromium(
    fixture_warehouse: Path, warehouse: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    shot, texts = tmp_path / "explorer.png", {}
    timings = snapshot.snapshot(fixture_warehouse, shot, texts)
    assert set(timings.page_seconds) == set(texts) == set(explorer_app.PAGES)
    # The browser shows the first segmentation's personas by name, as a marketer would read them.
    first = queries.segmentations(warehouse)[0].table
    names = {persona.segment_name for persona in queries.personas(warehouse, first)}
    assert names and all(name in texts["Personas"] for name in names), texts["Personas"][:500]
    # A blank page is a few KB; the drawn overview with its table and charts is far larger.
    assert shot.stat().st_size > 30_000
