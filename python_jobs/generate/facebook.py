"""Facebook-fan demo data: reactions, comments and shares on ~30 show and network pages over several weeks.

Writes ``reactions.csv`` (page_id, post_id, user_id, reaction_type, reacted_at), ``comments.csv``
(page_id, post_id, user_id, commented_at, like_count, reply_count) and ``shares.csv`` (page_id, post_id,
shared_by_user_id, shared_to_user_id, shared_at).

Users are planted as superfans, active fans, casual fans and lurkers; each follows one to three pages and
keeps its type from week to week (with a weekly activity multiplier and a small chance of changing type
half-way), so an active segment tends to stay active. Superfans share to many friends, which gives the
share network its hubs. A small, documented share of bad rows is planted: events on unknown pages,
timestamps in the future (year 2099), self-shares, exact duplicate events and unknown reaction types.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

SECONDS_PER_DAY = 86_400
SECONDS_PER_WEEK = 7 * SECONDS_PER_DAY
FUTURE_TIMESTAMP = "2099-01-01 00:00:00"

# The page list is mirrored in seeds/facebook/facebook_pages.csv (a test keeps the two in step).
PAGES: tuple[tuple[str, str, str], ...] = tuple(
    [(f"p{n}", f"Show {n}", "show") for n in range(1, 5)]
    + [(f"p{n}", f"Network {n - 4}", "network") for n in range(5, 7)]
    + [(f"p{n}", f"Show {n - 2}", "show") for n in range(7, 27)]
    + [(f"p{n}", f"Network {n - 24}", "network") for n in range(27, 31)]
)
REACTION_TYPES = ("LIKE", "LOVE", "HAHA", "WOW", "SAD", "ANGRY")
REACTION_WEIGHTS = (0.70, 0.12, 0.08, 0.04, 0.03, 0.03)
UNKNOWN_PAGE_ID = "p999"
UNKNOWN_REACTION_TYPE = "PRIDE"


@dataclass(frozen=True)
class FanType:
    """Weekly Poisson means per followed page for one planted fan type."""

    name: str
    share: float
    reactions: float
    comments: float
    shares: float
    comment_likes: float


FAN_TYPES: tuple[FanType, ...] = (
    FanType("lurker", 0.50, 0.3, 0.02, 0.005, 0.5),
    FanType("casual", 0.32, 1.5, 0.2, 0.05, 1.0),
    FanType("active", 0.14, 5.0, 1.2, 0.4, 2.0),
    FanType("superfan", 0.04, 14.0, 4.0, 2.5, 5.0),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--users", type=int, default=40_000, help="number of users (default 40000)")
    parser.add_argument("--weeks", type=int, default=8, help="number of weeks (default 8)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--start-date",
        default="2025-11-24",
        help="Monday the first week starts, UTC (default 2025-11-24, so weeks cross a year boundary)",
    )
    parser.add_argument(
        "--bad-row-rate",
        type=float,
        default=0.0005,
        help="share of rows planted as bad input per kind (unknown page, future, duplicate, ...)",
    )


def _format_times(epoch_seconds: np.ndarray) -> np.ndarray:
    return pd.to_datetime(epoch_seconds, unit="s").strftime("%Y-%m-%d %H:%M:%S").to_numpy()


def _weekly_slots(
    rng: np.random.Generator, users: int, weeks: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(user, page, week, fan type) for every followed page and week: the frame events are drawn from."""
    shares = np.array([fan.share for fan in FAN_TYPES])
    fan_type = rng.choice(len(FAN_TYPES), size=users, p=shares / shares.sum())
    # Popular pages attract more followers (Zipf-like weights).
    page_weights = 1.0 / np.arange(1, len(PAGES) + 1) ** 0.8
    page_weights /= page_weights.sum()
    follows = rng.choice([1, 2, 3], size=users, p=[0.55, 0.3, 0.15])
    follow_user = np.repeat(np.arange(users), follows)
    follow_page = rng.choice(len(PAGES), size=follow_user.size, p=page_weights)
    pairs = np.unique(np.stack([follow_user, follow_page], axis=1), axis=0)
    slot_user = np.repeat(pairs[:, 0], weeks)
    slot_page = np.repeat(pairs[:, 1], weeks)
    slot_week = np.tile(np.arange(weeks), pairs.shape[0])
    # Some users change type half-way (one level up or down), so the future is not a copy of the past.
    changes = rng.random(users) < 0.15
    step = rng.choice([-1, 1], size=users)
    changed_type = np.clip(fan_type + step, 0, len(FAN_TYPES) - 1)
    change_week = rng.integers(1, max(weeks, 2), size=users)
    slot_type = np.where(
        changes[slot_user] & (slot_week >= change_week[slot_user]),
        changed_type[slot_user],
        fan_type[slot_user],
    )
    return slot_user, slot_page, slot_week, slot_type


def _event_seconds(rng: np.random.Generator, start: int, weeks: np.ndarray) -> np.ndarray:
    return start + weeks * SECONDS_PER_WEEK + rng.integers(0, SECONDS_PER_WEEK, size=weeks.size)


def _post_ids(rng: np.random.Generator, pages: np.ndarray, weeks: np.ndarray) -> np.ndarray:
    post_number = weeks * 20 + rng.integers(0, 20, size=pages.size)
    page_ids = np.asarray([page[0] for page in PAGES])[pages]
    return np.char.add(np.char.add(page_ids, "_"), post_number.astype(str))


def _bad_row_count(rows: int, rate: float) -> int:
    return max(1, round(rows * rate))


def _duplicate_and_unknown_page(rng: np.random.Generator, frame: pd.DataFrame, count: int) -> pd.DataFrame:
    picked = rng.choice(frame.shape[0], size=2 * count, replace=False)
    duplicate_rows, unknown_page_rows = np.split(picked, 2)
    frame.loc[unknown_page_rows, "page_id"] = UNKNOWN_PAGE_ID
    return pd.concat([frame, frame.iloc[duplicate_rows]], ignore_index=True)


def generate(args: argparse.Namespace, out_dir: Path) -> list[Path]:
    rng = np.random.default_rng(args.seed)
    users, weeks = int(args.users), int(args.weeks)
    if users <= 1 or weeks <= 0:
        raise ValueError(f"--users must be > 1 and --weeks > 0, got {users} and {weeks}")
    start = int(datetime.strptime(args.start_date, "%Y-%m-%d").replace(tzinfo=UTC).timestamp())
    user_ids = np.char.add("u", (100_000 + np.arange(users)).astype(str))
    page_ids = np.asarray([page[0] for page in PAGES])

    slot_user, slot_page, slot_week, slot_type = _weekly_slots(rng, users, weeks)
    multiplier = rng.gamma(shape=3.0, scale=1 / 3.0, size=slot_user.size)

    def draw(field: str) -> np.ndarray:
        means = np.array([getattr(fan, field) for fan in FAN_TYPES])[slot_type] * multiplier
        counts = rng.poisson(means)
        return np.repeat(np.arange(slot_user.size), counts)

    reaction_slot = draw("reactions")
    reaction_type = rng.choice(len(REACTION_TYPES), size=reaction_slot.size, p=REACTION_WEIGHTS)
    reactions = pd.DataFrame(
        {
            "page_id": page_ids[slot_page[reaction_slot]],
            "post_id": _post_ids(rng, slot_page[reaction_slot], slot_week[reaction_slot]),
            "user_id": user_ids[slot_user[reaction_slot]],
            "reaction_type": np.asarray(REACTION_TYPES)[reaction_type],
            "reacted_at": _format_times(_event_seconds(rng, start, slot_week[reaction_slot])),
        }
    )

    comment_slot = draw("comments")
    like_mean = np.array([fan.comment_likes for fan in FAN_TYPES])[slot_type[comment_slot]]
    comments = pd.DataFrame(
        {
            "page_id": page_ids[slot_page[comment_slot]],
            "post_id": _post_ids(rng, slot_page[comment_slot], slot_week[comment_slot]),
            "user_id": user_ids[slot_user[comment_slot]],
            "commented_at": _format_times(_event_seconds(rng, start, slot_week[comment_slot])),
            "like_count": rng.poisson(like_mean),
            "reply_count": rng.poisson(like_mean / 3),
        }
    )

    share_slot = draw("shares")
    # Recipients are other followers drawn with a heavy tail, so a few users receive many shares.
    receiver = (rng.pareto(1.5, size=share_slot.size) * users / 50).astype(np.int64) % users
    sharer = slot_user[share_slot]
    receiver = np.where(receiver == sharer, (receiver + 1) % users, receiver)
    shares = pd.DataFrame(
        {
            "page_id": page_ids[slot_page[share_slot]],
            "post_id": _post_ids(rng, slot_page[share_slot], slot_week[share_slot]),
            "shared_by_user_id": user_ids[sharer],
            "shared_to_user_id": user_ids[receiver],
            "shared_at": _format_times(_event_seconds(rng, start, slot_week[share_slot])),
        }
    )

    rate = float(args.bad_row_rate)
    if rate > 0:
        for frame, time_column in (
            (reactions, "reacted_at"),
            (comments, "commented_at"),
            (shares, "shared_at"),
        ):
            count = _bad_row_count(frame.shape[0], rate)
            future_rows = rng.choice(frame.shape[0], size=count, replace=False)
            frame.loc[future_rows, time_column] = FUTURE_TIMESTAMP
        count = _bad_row_count(reactions.shape[0], rate)
        unknown_rows = rng.choice(reactions.shape[0], size=count, replace=False)
        reactions.loc[unknown_rows, "reaction_type"] = UNKNOWN_REACTION_TYPE
        # Lower-case, padded spellings of known types are coerced, not rejected.
        messy_rows = rng.choice(reactions.shape[0], size=count, replace=False)
        messy_types = reactions.loc[messy_rows, "reaction_type"].str.lower()
        reactions.loc[messy_rows, "reaction_type"] = " " + messy_types
        count = _bad_row_count(shares.shape[0], rate)
        self_rows = rng.choice(shares.shape[0], size=count, replace=False)
        shares.loc[self_rows, "shared_to_user_id"] = shares.loc[self_rows, "shared_by_user_id"]
        reactions = _duplicate_and_unknown_page(rng, reactions, count)
        comments = _duplicate_and_unknown_page(rng, comments, _bad_row_count(comments.shape[0], rate))
        shares = _duplicate_and_unknown_page(rng, shares, count)

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in (("reactions.csv", reactions), ("comments.csv", comments), ("shares.csv", shares)):
        path = out_dir / name
        frame.to_csv(path, index=False)
        written.append(path)
    return written
