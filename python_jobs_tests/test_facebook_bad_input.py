"""Bad Facebook input through dbt: each crafted row is accepted, coerced or rejected with a reason.

Builds only the Facebook seeds and staging models (plus the fan-week aggregate and the load outcomes) into a
private DuckDB file from small hand-written CSV files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from python_jobs_tests.crafted_input import build_on_crafted_files, fetch_rejects, fetch_rows

REACTIONS = """page_id,post_id,user_id,reaction_type,reacted_at
p1,p1_1,u1,LIKE,2025-12-01 10:00:00
p1,p1_1,u1,LIKE,2025-12-01 10:00:00
p999,p999_1,u2,LIKE,2025-12-01 10:00:00
p1,p1_2,u2,CARE,2025-12-02 10:00:00
p1,p1_2,u3, love ,2025-12-02 10:00:00
p1,p1_2,u3,LIKE,2099-01-01 00:00:00
p1,p1_2,,LIKE,2025-12-02 10:00:00
p1,p1_3,u4,WOW,not a date
"""
COMMENTS = """page_id,post_id,user_id,commented_at,like_count,reply_count
p1,p1_1,u1,2025-12-01 11:00:00,3,1
p1,p1_1,u1,2025-12-01 11:00:00,3,1
p1,p1_1,u2,2025-12-01 11:00:00,-1,0
p2,p2_1,u2,2025-12-01 11:00:00,many,0
"""
SHARES = """page_id,post_id,shared_by_user_id,shared_to_user_id,shared_at
p1,p1_1,u1,u2,2025-12-01 12:00:00
p1,p1_1,u3,u3,2025-12-01 12:00:00
p1,p1_1,u1,u3,2099-01-01 00:00:00
p50,p50_1,u1,u2,2025-12-01 12:00:00
p1,p1_1,u1,u2,2025-12-01 12:00:00
"""

# (file, row, first defective column, its raw value, reason); an empty field is read as null.
EXPECTED_REJECTS = {
    ("reactions.csv", 2, None, None, "duplicate_event"),
    ("reactions.csv", 3, "page_id", "p999", "unknown_page"),
    ("reactions.csv", 4, "reaction_type", "CARE", "unknown_reaction_type"),
    ("reactions.csv", 6, "reacted_at", "2099-01-01 00:00:00", "future_timestamp"),
    ("reactions.csv", 7, "user_id", None, "missing_id"),
    ("reactions.csv", 8, "reacted_at", "not a date", "unparseable_timestamp"),
    ("comments.csv", 2, None, None, "duplicate_event"),
    ("comments.csv", 3, "like_count", "-1", "invalid_count"),
    ("comments.csv", 4, "like_count", "many", "invalid_count"),
    ("shares.csv", 2, "shared_to_user_id", "u3", "self_share"),
    ("shares.csv", 3, "shared_at", "2099-01-01 00:00:00", "future_timestamp"),
    ("shares.csv", 4, "page_id", "p50", "unknown_page"),
    ("shares.csv", 5, None, None, "duplicate_event"),
}


@pytest.fixture(scope="module")
def facebook_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_on_crafted_files(
        tmp_path_factory.mktemp("facebook_bad_input"),
        "facebook",
        {"reactions.csv": REACTIONS, "comments.csv": COMMENTS, "shares.csv": SHARES},
        select="+fct_facebook_event_load_outcomes +stg_facebook__rejects +int_facebook_fan_weeks_aggregated",
        dbt_vars="{facebook_as_of: '2026-06-01 00:00:00'}",
    )


@pytest.mark.dbt
def test_every_bad_row_is_rejected_with_its_reason(facebook_warehouse: Path) -> None:
    assert fetch_rejects(facebook_warehouse, "facebook") == EXPECTED_REJECTS


@pytest.mark.dbt
def test_load_outcomes_count_every_raw_row(facebook_warehouse: Path) -> None:
    outcomes = "marts.fct_facebook_event_load_outcomes"
    totals = dict(
        fetch_rows(facebook_warehouse, f"select source_file, sum(row_count) from {outcomes} group by 1")
    )
    accepted = dict(
        fetch_rows(
            facebook_warehouse, f"select source_file, row_count from {outcomes} where outcome = 'accepted'"
        )
    )
    assert totals == {"reactions.csv": 8, "comments.csv": 4, "shares.csv": 5}
    assert accepted == {"reactions.csv": 2, "comments.csv": 1, "shares.csv": 1}


@pytest.mark.dbt
def test_reaction_type_is_coerced_and_fan_week_counts_only_accepted_events(facebook_warehouse: Path) -> None:
    coerced = fetch_rows(
        facebook_warehouse,
        "select reaction_type, reject_reason from staging.base_facebook__reactions "
        "where source_row_number = 5",
    )
    fan_weeks = fetch_rows(
        facebook_warehouse,
        "select user_id, page_id, cast(week_start_date as varchar), reaction_count, comment_count, "
        "share_count, comment_likes_received, is_reacted_and_commented, is_reacted_commented_and_shared "
        "from intermediate.int_facebook_fan_weeks_aggregated order by user_id",
    )
    assert coerced == [("LOVE", None)]
    assert fan_weeks == [
        ("u1", "p1", "2025-12-01", 1, 1, 1, 3, True, True),
        ("u3", "p1", "2025-12-01", 1, 0, 0, 0, False, False),
    ]
