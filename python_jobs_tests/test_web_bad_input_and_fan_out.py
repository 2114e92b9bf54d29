"""Web input through dbt on crafted files: rejects with reasons, and per-user features without fan-out.

The seed joined clickstream, searches and article views on user_id before aggregating, multiplying each
user's rows. Here every count, sum and mean must equal what the user's own accepted rows give.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from python_jobs_tests.crafted_input import build_on_crafted_files, fetch_frame, fetch_rejects, fetch_rows

CLICKSTREAM = """user_id,timestamp,url,referrer,device,time_spent
1,2026-10-01 10:00:00,https://example.com/news/page1,https://google.com,desktop,10
1,2026-10-01 10:05:00,https://example.com/news/page2,https://www.facebook.com/x,mobile,20
1,2026-10-02 09:00:00,https://example.com/news/page1,,desktop,30
1,2026-10-02 09:00:00,https://example.com/news/page1,,desktop,30
2,2026-10-03 08:00:00,https://example.com/pricing/page1,https://unknown.example,tablet,-5
,2026-10-03 08:00:00,https://example.com/pricing/page1,,tablet,5
2,2099-01-01 00:00:00,https://example.com/pricing/page1,,tablet,5
2,yesterday,https://example.com/pricing/page1,,tablet,5
2,2026-10-04 08:00:00,https://example.com/pricing/page2,https://unknown.example,tablet,40
2,2026-10-04 08:01:00,https://example.com/pricing/page3,,tablet,ten
"""
SEARCHES = """user_id,timestamp,query
1,2026-10-01 10:01:00,Best  Laptop
1,2026-10-01 10:02:00,best laptop
1,2026-10-01 10:03:00,
3,2026-10-05 10:00:00,cheap phone
"""
ARTICLE_VIEWS = """user_id,timestamp,article_id,time_spent
1,2026-10-01 11:00:00,7,100
1,2026-10-03 11:00:00,8,200
2,2026-10-04 11:00:00,x,50
"""

# (file, row, first defective column, its raw value, reason); an empty field is read as null.
EXPECTED_REJECTS = {
    ("clickstream.csv", 4, None, None, "duplicate_event"),
    ("clickstream.csv", 5, "time_spent", "-5", "invalid_time_spent"),
    ("clickstream.csv", 6, "user_id", None, "missing_user_id"),
    ("clickstream.csv", 7, "timestamp", "2099-01-01 00:00:00", "future_timestamp"),
    ("clickstream.csv", 8, "timestamp", "yesterday", "unparseable_timestamp"),
    ("clickstream.csv", 10, "time_spent", "ten", "invalid_time_spent"),
    ("search_queries.csv", 3, "query", None, "missing_query"),
    ("article_views.csv", 3, "article_id", "x", "invalid_article_id"),
}


@pytest.fixture(scope="module")
def web_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_on_crafted_files(
        tmp_path_factory.mktemp("web_bad_input"),
        "web",
        {"clickstream.csv": CLICKSTREAM, "search_queries.csv": SEARCHES, "article_views.csv": ARTICLE_VIEWS},
        select="+feat_web_users +fct_web_event_load_outcomes +stg_web__rejects",
        dbt_vars="{web_as_of: '2026-11-01 00:00:00'}",
    )


@pytest.mark.dbt
def test_every_bad_row_is_rejected_with_its_reason(web_warehouse: Path) -> None:
    totals = dict(
        fetch_rows(
            web_warehouse,
            "select source_file, sum(row_count) from marts.fct_web_event_load_outcomes group by 1",
        )
    )
    assert fetch_rejects(web_warehouse, "web") == EXPECTED_REJECTS
    assert totals == {"clickstream.csv": 10, "search_queries.csv": 4, "article_views.csv": 3}


@pytest.mark.dbt
def test_features_are_per_user_means_without_fan_out(web_warehouse: Path) -> None:
    frame = fetch_frame(web_warehouse, "select * from marts.feat_web_users order by user_id").set_index(
        "user_id"
    )
    assert list(frame.index) == ["1", "2", "3"]
    user = frame.loc["1"]
    # 3 accepted clicks (10, 20, 30 s), 2 searches (one distinct query after normalising), 2 articles.
    assert (user.click_count, user.distinct_page_count) == (3, 2)
    assert (user.search_count, user.distinct_query_count) == (2, 1)
    assert (user.article_view_count, user.distinct_article_count) == (2, 2)
    # Joining the three tables before aggregating (the seed) gives 3 × 2 × 2 = 12 rows for this user, so
    # every count and sum below would be multiplied.
    assert user.mean_seconds_per_click == pytest.approx(20.0)
    assert user.mean_seconds_per_article_view == pytest.approx(150.0)
    assert user.total_seconds_spent == 60 + 300
    assert user.active_days == 3
    assert user.search_referral_share == pytest.approx(1 / 3)
    assert user.social_referral_share == pytest.approx(1 / 3)
    assert user.direct_traffic_share == pytest.approx(1 / 3)
    assert user.commercial_click_share == pytest.approx(0.0)
    assert user.purchase_query_share == pytest.approx(0.0)
    other = frame.loc["2"]
    assert other.click_count == 1
    assert other.commercial_click_share == pytest.approx(1.0)
    assert other.other_referral_share == pytest.approx(1.0)
    assert other.article_view_count == 0
    assert other.mean_seconds_per_article_view != other.mean_seconds_per_article_view  # null (NaN)
    searcher = frame.loc["3"]
    assert (searcher.click_count, searcher.search_count) == (0, 1)
    assert searcher.purchase_query_share == pytest.approx(1.0)
    assert searcher.recency_days == 0
    assert frame.loc["1", "recency_days"] == 2
