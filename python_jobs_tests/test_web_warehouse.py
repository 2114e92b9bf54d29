"""The web-intent models in the built fixture warehouse: rejects counted, segments ordered and named."""

from __future__ import annotations

import duckdb

PLANTED_REASONS = {"duplicate_event", "future_timestamp", "invalid_time_spent", "missing_user_id"}
LEVEL_ORDER = ["Very high", "High", "Medium", "Low", "Very low"]


def test_planted_bad_rows_are_rejected_and_counted(warehouse: duckdb.DuckDBPyConnection) -> None:
    outcomes = warehouse.execute(
        "select source_file, outcome, row_count from marts.fct_web_event_load_outcomes"
    ).fetchall()
    clickstream = {outcome for source, outcome, _ in outcomes if source == "clickstream.csv"}
    assert PLANTED_REASONS | {"accepted"} <= clickstream
    rejected = warehouse.execute("select count(*) from staging.stg_web__rejects").fetchall()[0][0]
    assert rejected == sum(rows for _, outcome, rows in outcomes if outcome != "accepted")


def test_every_user_has_one_segment_and_levels_follow_engagement(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    users = warehouse.execute("select count(*) from marts.feat_web_users").fetchall()[0][0]
    segmented = warehouse.execute(
        "select count(*), count(distinct user_id) from marts.seg_web_intent"
    ).fetchall()[0]
    assert segmented == (users, users)
    levels = warehouse.execute(
        """
        select
            segment.segment_code,
            any_value(segment.segment_name),
            avg(features.click_count + features.search_count + features.article_view_count),
            avg(segment.intent_score)
        from marts.seg_web_intent as segment
        inner join marts.feat_web_users as features using (user_id)
        group by segment.segment_code
        """
    ).fetchall()
    ordered = sorted(levels, key=lambda row: LEVEL_ORDER.index(row[0]))
    events = [row[2] for row in ordered]
    intent = [row[3] for row in ordered]
    assert len(ordered) >= 3
    assert events == sorted(events, reverse=True), ordered
    assert intent == sorted(intent, reverse=True), ordered
    names = {row[0]: row[1] for row in ordered}
    assert names.get("Low") == "Low engagement"
    assert names.get("High") == "High engagement"


def test_k_selection_recorded(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select k, silhouette, is_chosen from marts.seg_web_intent__k_selection order by k"
    ).fetchall()
    assert [row[0] for row in rows] == [3, 4, 5]
    assert sum(row[2] for row in rows) == 1
    chosen = next(row for row in rows if row[2])
    assert chosen[1] == max(row[1] for row in rows)
