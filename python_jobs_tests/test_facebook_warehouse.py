"""The Facebook-fan models in the built fixture warehouse: rejects, segments, temporal validation, metrics."""

from __future__ import annotations

import math

import duckdb

CODE_ORDER = ["SUPERFAN", "ACTIVE", "REGULAR", "CASUAL", "OCCASIONAL", "DORMANT"]
PLANTED_REASONS = {
    "reactions.csv": {"duplicate_event", "future_timestamp", "unknown_page", "unknown_reaction_type"},
    "comments.csv": {"duplicate_event", "future_timestamp", "unknown_page"},
    "shares.csv": {"duplicate_event", "future_timestamp", "unknown_page", "self_share"},
}


def test_planted_bad_rows_are_rejected_and_counted(warehouse: duckdb.DuckDBPyConnection) -> None:
    outcomes = warehouse.execute(
        "select source_file, outcome from marts.fct_facebook_event_load_outcomes"
    ).fetchall()
    for source, reasons in PLANTED_REASONS.items():
        assert reasons <= {outcome for file, outcome in outcomes if file == source}, source


def test_segments_are_activity_levels_with_superfans_on_top(warehouse: duckdb.DuckDBPyConnection) -> None:
    for table in ("seg_facebook_fans", "seg_facebook_fans_gmm"):
        rows = warehouse.execute(
            f"""
            select segment.segment_code, avg(features.total_engagement_count), count(*)
            from marts.{table} as segment
            inner join marts.feat_facebook_fan_weeks as features using (fan_week_id)
            group by segment.segment_code
            """
        ).fetchall()
        ordered = sorted(rows, key=lambda row: CODE_ORDER.index(row[0]))
        assert ordered[0][0] == "SUPERFAN", table
        assert [row[0] for row in ordered] == CODE_ORDER[: len(ordered)], table
        assert ordered[0][1] == max(row[1] for row in ordered), table


def test_gaussian_mixture_selection_has_aic_and_bic(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select k, aic, bic, is_chosen from marts.seg_facebook_fans_gmm__k_selection order by k"
    ).fetchall()
    assert [row[0] for row in rows] == [2, 3, 4, 5]
    assert all(row[1] is not None and row[2] is not None for row in rows)
    chosen = next(row for row in rows if row[3])
    assert chosen[2] == min(row[2] for row in rows)


def test_superfans_stay_more_active_than_the_lowest_level(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select segment_code, weeks_after, active_share, mean_engagement_count "
        "from marts.fct_facebook_segment_followup_summary"
    ).fetchall()
    by_key = {(code, weeks): (share, engagement) for code, weeks, share, engagement in rows}
    codes = sorted({code for code, *_ in rows}, key=CODE_ORDER.index)
    lowest = codes[-1]
    for weeks_after in (1, 2, 3):
        assert by_key[("SUPERFAN", weeks_after)][0] > by_key[(lowest, weeks_after)][0]
        assert by_key[("SUPERFAN", weeks_after)][1] > by_key[(lowest, weeks_after)][1]
    assert all(by_key[(code, 0)][0] == 1.0 for code in codes)


def test_superfan_metrics_written_for_a_time_split(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select model, metric, metric_value, train_last_week, test_first_week "
        "from marts.fct_facebook_superfan_model_metrics"
    ).fetchall()
    metrics = {(model, metric): value for model, metric, value, _, _ in rows}
    for metric in ("precision", "recall", "f1", "roc_auc"):
        assert ("random_forest", metric) in metrics
    assert all(train_last < test_first for *_, train_last, test_first in rows)
    auc = metrics[("random_forest", "roc_auc")]
    assert not math.isnan(auc) and auc > 0.6
