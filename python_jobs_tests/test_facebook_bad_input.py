"""Bad Facebook input through dbt: each crafted row is accepted, coerced or rejected with a reason.

Builds only the Facebook seeds, staging and validation models (plus the fan-week aggregate and the load
outcomes) into a private DuckDB file from small hand-written CSV files.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from python_jobs.dbt_cli import run_dbt, work_dir_env

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

EXPECTED_REJECTS = {
    ("reactions.csv", 2, "duplicate_event"),
    ("reactions.csv", 3, "unknown_page"),
    ("reactions.csv", 4, "unknown_reaction_type"),
    ("reactions.csv", 6, "future_timestamp"),
    ("reactions.csv", 7, "missing_id"),
    ("reactions.csv", 8, "unparseable_timestamp"),
    ("comments.csv", 2, "duplicate_event"),
    ("comments.csv", 3, "invalid_count"),
    ("comments.csv", 4, "invalid_count"),
    ("shares.csv", 2, "self_share"),
    ("shares.csv", 3, "future_timestamp"),
    ("shares.csv", 4, "unknown_page"),
    ("shares.csv", 5, "duplicate_event"),
}


@pytest.fixture(scope="module")
def facebook_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("facebook_bad_input")
    raw = root / "raw" / "facebook"
    raw.mkdir(parents=True)
    (raw / "reactions.csv").write_text(REACTIONS)
    (raw / "comments.csv").write_text(COMMENTS)
    (raw / "shares.csv").write_text(SHARES)
    select = (
        "+fct_facebook_event_load_outcomes +int_facebook_events_rejected +int_facebook_fan_weeks_aggregated"
    )
    completed = run_dbt(
        [
            "build",
            "--select",
            select,
            "--indirect-selection",
            "cautious",
            "--vars",
            "{facebook_as_of: '2026-06-01 00:00:00'}",
        ],
        work_dir_env(root),
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    return root / "audience.duckdb"


@pytest.mark.dbt
def test_every_bad_row_is_rejected_with_its_reason(facebook_warehouse: Path) -> None:
    with duckdb.connect(str(facebook_warehouse), read_only=True) as connection:
        rows = connection.execute(
            "select source_file, source_row_number, reject_reason "
            "from intermediate.int_facebook_events_rejected"
        ).fetchall()
    assert set(rows) == EXPECTED_REJECTS


@pytest.mark.dbt
def test_load_outcomes_count_every_raw_row(facebook_warehouse: Path) -> None:
    with duckdb.connect(str(facebook_warehouse), read_only=True) as connection:
        totals = dict(
            connection.execute(
                "select source_file, sum(row_count) from marts.fct_facebook_event_load_outcomes group by 1"
            ).fetchall()
        )
        accepted = dict(
            connection.execute(
                "select source_file, row_count from marts.fct_facebook_event_load_outcomes "
                "where outcome = 'accepted'"
            ).fetchall()
        )
    assert totals == {"reactions.csv": 8, "comments.csv": 4, "shares.csv": 5}
    assert accepted == {"reactions.csv": 2, "comments.csv": 1, "shares.csv": 1}


@pytest.mark.dbt
def test_reaction_type_is_coerced_and_fan_week_counts_only_accepted_events(facebook_warehouse: Path) -> None:
    with duckdb.connect(str(facebook_warehouse), read_only=True) as connection:
        coerced = connection.execute(
            "select reaction_type, reject_reason from intermediate.int_facebook_reactions_validated "
            "where source_row_number = 5"
        ).fetchall()
        fan_weeks = connection.execute(
            "select user_id, page_id, cast(week_start_date as varchar), reaction_count, comment_count, "
            "share_count, comment_likes_received, is_reacted_and_commented, is_reacted_commented_and_shared "
            "from intermediate.int_facebook_fan_weeks_aggregated order by user_id"
        ).fetchall()
    assert coerced == [("LOVE", None)]
    assert fan_weeks == [
        ("u1", "p1", "2025-12-01", 1, 1, 1, 3, True, True),
        ("u3", "p1", "2025-12-01", 1, 0, 0, 0, False, False),
    ]
