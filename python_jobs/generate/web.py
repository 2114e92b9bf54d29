"""Web-intent demo data: clickstream, search queries and article views with planted intent groups.

Writes ``clickstream.csv`` (user_id, timestamp, url, referrer, device, time_spent), ``search_queries.csv``
(user_id, timestamp, query) and ``article_views.csv`` (user_id, timestamp, article_id, time_spent).

Users belong to one of three planted intent groups (browsing, researching, high intent) that differ in
how often they click, search and read, how long they stay and how many days they are active. The defaults
(50,000 users) give about 2 million events. A small, documented share of bad rows is planted so that the
warehouse's reject handling is exercised: exact duplicate events, timestamps in the future (year 2099),
negative ``time_spent`` and a missing ``user_id``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

SECONDS_PER_DAY = 86_400
FUTURE_TIMESTAMP = "2099-01-01 00:00:00"


@dataclass(frozen=True)
class IntentGroup:
    """Per-user rates of one planted group: Poisson means per 30 days and lognormal median seconds."""

    name: str
    share: float
    clicks: float
    searches: float
    articles: float
    click_seconds: float
    article_seconds: float
    active_span_days: int


INTENT_GROUPS: tuple[IntentGroup, ...] = (
    IntentGroup("browsing", 0.55, 8.0, 1.0, 2.0, 25.0, 60.0, 6),
    IntentGroup("researching", 0.30, 30.0, 6.0, 10.0, 45.0, 120.0, 16),
    IntentGroup("high_intent", 0.15, 90.0, 20.0, 25.0, 70.0, 200.0, 28),
)

SECTIONS = ("news", "reviews", "guides", "products", "pricing", "support")
REFERRERS = ("https://google.com", "https://facebook.com", "https://twitter.com", "")
DEVICES = ("desktop", "mobile", "tablet")
QUERY_TOPICS = ("laptop", "phone", "headphones", "camera", "tablet", "monitor", "router", "watch")
QUERY_MODIFIERS = ("", "best", "cheap", "review", "price", "vs", "deal", "buy")
# Per intent group: weights of the modifiers above. High-intent users search with purchase words more often.
MODIFIER_WEIGHTS = np.array(
    [
        [0.30, 0.15, 0.05, 0.25, 0.05, 0.10, 0.05, 0.05],
        [0.20, 0.20, 0.10, 0.20, 0.10, 0.10, 0.05, 0.05],
        [0.10, 0.10, 0.15, 0.10, 0.20, 0.05, 0.15, 0.15],
    ]
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--users", type=int, default=50_000, help="number of users (default 50000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--days", type=int, default=30, help="length of the event window in days")
    parser.add_argument(
        "--end-date",
        default="2026-10-31",
        help="last day of the event window, UTC (default 2026-10-31); fixed so output is deterministic",
    )
    parser.add_argument(
        "--bad-row-rate",
        type=float,
        default=0.0005,
        help="share of rows planted as bad input per kind (duplicate, future, negative time, no user)",
    )


def _user_groups(rng: np.random.Generator, users: int) -> np.ndarray:
    shares = np.array([group.share for group in INTENT_GROUPS])
    return rng.choice(len(INTENT_GROUPS), size=users, p=shares / shares.sum())


def _event_times(
    rng: np.random.Generator,
    owners: np.ndarray,
    last_day: np.ndarray,
    span_days: np.ndarray,
    window_end: int,
) -> np.ndarray:
    """Epoch seconds for events: a day within the owner's active span, then a uniform second of that day."""
    offsets = np.floor(rng.random(owners.size) * span_days[owners]).astype(np.int64)
    day = last_day[owners] - offsets
    seconds = rng.integers(0, SECONDS_PER_DAY, size=owners.size)
    return np.minimum(day * SECONDS_PER_DAY + seconds, window_end)


def _format_times(epoch_seconds: np.ndarray) -> np.ndarray:
    return pd.to_datetime(epoch_seconds, unit="s").strftime("%Y-%m-%d %H:%M:%S").to_numpy()


def _plant_bad_rows(
    rng: np.random.Generator, frame: pd.DataFrame, rate: float, time_column: str | None
) -> pd.DataFrame:
    """Append duplicates and overwrite a few rows with a future timestamp, a negative time, a missing user."""
    if rate <= 0 or frame.empty:
        return frame
    count = max(1, round(frame.shape[0] * rate))
    picked = rng.choice(frame.shape[0], size=4 * count, replace=False)
    duplicate_rows, future_rows, negative_rows, anonymous_rows = np.split(picked, 4)
    frame = frame.copy()
    frame.loc[future_rows, "timestamp"] = FUTURE_TIMESTAMP
    if time_column is not None:
        frame.loc[negative_rows, time_column] = -frame.loc[negative_rows, time_column].abs() - 1
    frame.loc[anonymous_rows, "user_id"] = ""
    duplicates = frame.iloc[duplicate_rows]
    return pd.concat([frame, duplicates], ignore_index=True)


def generate(args: argparse.Namespace, out_dir: Path) -> list[Path]:
    rng = np.random.default_rng(args.seed)
    users = int(args.users)
    if users <= 0:
        raise ValueError(f"--users must be positive, got {users}")
    end = datetime.strptime(args.end_date, "%Y-%m-%d").replace(tzinfo=UTC)
    window_end = int(end.timestamp()) + SECONDS_PER_DAY - 1
    end_day = window_end // SECONDS_PER_DAY
    days = int(args.days)

    group = _user_groups(rng, users)
    fields = ("clicks", "searches", "articles", "click_seconds", "article_seconds", "active_span_days")
    rates = {field: np.array([getattr(g, field) for g in INTENT_GROUPS]) for field in fields}
    # Each user has a personal activity multiplier so groups overlap rather than form three points.
    activity = rng.gamma(shape=4.0, scale=0.25, size=users)
    span_days = np.clip(rng.poisson(rates["active_span_days"][group]) + 1, 1, days)
    last_day = end_day - rng.integers(0, np.maximum(days - span_days, 0) + 1)
    user_ids = np.arange(1, users + 1)
    favourite_device = rng.choice(len(DEVICES), size=users, p=[0.5, 0.4, 0.1])
    favourite_referrer = rng.choice(len(REFERRERS), size=users, p=[0.45, 0.25, 0.1, 0.2])

    # Clickstream: every user has at least one click, so every user is eligible for segmentation.
    click_counts = rng.poisson(rates["clicks"][group] * activity) + 1
    click_owner = np.repeat(np.arange(users), click_counts)
    n_clicks = click_owner.size
    click_group = group[click_owner]
    # High-intent users drift towards product and pricing pages.
    section_weights = np.array(
        [
            [0.40, 0.25, 0.20, 0.10, 0.02, 0.03],
            [0.20, 0.30, 0.25, 0.15, 0.05, 0.05],
            [0.10, 0.20, 0.10, 0.30, 0.20, 0.10],
        ]
    )
    cumulative = section_weights.cumsum(axis=1)[click_group]
    section = (rng.random(n_clicks)[:, None] > cumulative).sum(axis=1)
    page_number = rng.integers(1, 41, size=n_clicks)
    urls = np.char.add(
        np.char.add("https://example.com/", np.asarray(SECTIONS)[section]),
        np.char.add("/page", page_number.astype(str)),
    )
    same_device = rng.random(n_clicks) < 0.8
    device = np.where(same_device, favourite_device[click_owner], rng.integers(0, len(DEVICES), n_clicks))
    same_referrer = rng.random(n_clicks) < 0.7
    referrer = np.where(
        same_referrer, favourite_referrer[click_owner], rng.integers(0, len(REFERRERS), n_clicks)
    )
    click_seconds = np.clip(
        np.rint(rng.lognormal(np.log(rates["click_seconds"][click_group]), 0.6)), 1, 1800
    ).astype(np.int64)
    clickstream = pd.DataFrame(
        {
            "user_id": user_ids[click_owner].astype(str),
            "timestamp": _format_times(_event_times(rng, click_owner, last_day, span_days, window_end)),
            "url": urls,
            "referrer": np.asarray(REFERRERS)[referrer],
            "device": np.asarray(DEVICES)[device],
            "time_spent": click_seconds,
        }
    )

    search_counts = rng.poisson(rates["searches"][group] * activity)
    search_owner = np.repeat(np.arange(users), search_counts)
    topic = rng.integers(0, len(QUERY_TOPICS), size=search_owner.size)
    modifier_cumulative = MODIFIER_WEIGHTS.cumsum(axis=1)[group[search_owner]]
    modifier = np.minimum(
        (rng.random(search_owner.size)[:, None] > modifier_cumulative).sum(axis=1), len(QUERY_MODIFIERS) - 1
    )
    queries = np.char.strip(
        np.char.add(np.char.add(np.asarray(QUERY_MODIFIERS)[modifier], " "), np.asarray(QUERY_TOPICS)[topic])
    )
    search_queries = pd.DataFrame(
        {
            "user_id": user_ids[search_owner].astype(str),
            "timestamp": _format_times(_event_times(rng, search_owner, last_day, span_days, window_end)),
            "query": queries,
        }
    )

    article_counts = rng.poisson(rates["articles"][group] * activity)
    article_owner = np.repeat(np.arange(users), article_counts)
    article_seconds = np.clip(
        np.rint(rng.lognormal(np.log(rates["article_seconds"][group[article_owner]]), 0.5)), 5, 3600
    ).astype(np.int64)
    article_views = pd.DataFrame(
        {
            "user_id": user_ids[article_owner].astype(str),
            "timestamp": _format_times(_event_times(rng, article_owner, last_day, span_days, window_end)),
            "article_id": rng.integers(1, 501, size=article_owner.size),
            "time_spent": article_seconds,
        }
    )

    rate = float(args.bad_row_rate)
    clickstream = _plant_bad_rows(rng, clickstream, rate, "time_spent")
    search_queries = _plant_bad_rows(rng, search_queries, rate, None)
    article_views = _plant_bad_rows(rng, article_views, rate, "time_spent")

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in (
        ("clickstream.csv", clickstream),
        ("search_queries.csv", search_queries),
        ("article_views.csv", article_views),
    ):
        path = out_dir / name
        frame.to_csv(path, index=False)
        written.append(path)
    return written
