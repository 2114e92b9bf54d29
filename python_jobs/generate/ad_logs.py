"""Taobao ad display/click demo data in the public dataset's exact schema, streamed day by day.

Writes, under the output folder (Parquet by default, CSV with ``--format csv``):

- ``raw_sample/raw_sample_<YYYY-MM-DD>.<ext>``: one file per log day, columns
  ``user, time_stamp, adgroup_id, pid, nonclk, clk``. ``time_stamp`` is unix seconds; the log day is the
  calendar day in UTC+8 (Beijing time), as in the public dataset. About 0.2 % of a day's rows belong to the
  previous day (late-arriving records), which the warehouse's incremental lookback window picks up.
- ``user_profile.<ext>``: ``userid, cms_segid, cms_group_id, final_gender_code, age_level, pvalue_level,
  shopping_level, occupation, new_user_class_level `` (the trailing space on the last header is the public
  dataset's); ``pvalue_level`` and ``new_user_class_level`` are often blank (null in Parquet).
- ``ad_feature.<ext>``: ``adgroup_id, cate_id, campaign_id, customer, brand, price``; ``brand`` is text and
  holds the literal ``NULL`` for ads without a brand.
- ``behavior_log.<ext>``: ``user, time_stamp, btag, cate, brand`` with ``btag`` in pv/cart/fav/buy.

Scales: ``small`` = 1.6M impressions (``make run`` and the test fixture), ``full`` = 26M impressions over
8 days with ~1.14M users and ~1.06M profiles, like the public dataset. ``--impressions N`` sets any size;
users, ads and behaviour rows scale with it. Users belong to planted behaviour groups: a small high-CTR
group, silent heavy-impression users and steady low-CTR users; activity is heavy-tailed (zipf-like) and
the overall CTR is about 5 %. Every day is generated from its own seeded random stream, so memory stays
bounded by one day and ``--only-day`` can add a later day's file that matches a full generation.
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

logger = logging.getLogger(__name__)

SECONDS_PER_DAY = 86_400
# 2017-05-06 00:00:00 in UTC+8 (= 2017-05-05 16:00:00 UTC): the first day of the public dataset.
FIRST_DAY = date(2017, 5, 6)
FIRST_DAY_EPOCH = 1_494_000_000
PIDS = ("430548_1007", "430539_1007")
BTAGS = ("pv", "cart", "fav", "buy")

# Ratios of the public dataset, per impression: 1.14M users, 846k ads, 1.06M profiles for 26M impressions.
USERS_PER_IMPRESSION = 1_141_729 / 26_000_000
ADS_PER_IMPRESSION = 846_811 / 26_000_000
PROFILE_SHARE = 1_061_768 / 1_141_729
LATE_ROW_SHARE = 0.002
SCALES = {"small": 1_600_000, "full": 26_000_000}


@dataclass(frozen=True)
class BehaviourGroup:
    """A planted group: share of users, activity multiplier, mean CTR, behaviour events per impression
    and behaviour-tag mix (pv, cart, fav, buy)."""

    name: str
    share: float
    activity: float
    ctr: float
    behaviour_rate: float
    btag_mix: tuple[float, float, float, float]


GROUPS: tuple[BehaviourGroup, ...] = (
    BehaviourGroup("high_ctr", 0.06, 1.0, 0.30, 0.8, (0.80, 0.08, 0.05, 0.07)),
    BehaviourGroup("silent_heavy", 0.22, 4.0, 0.002, 0.08, (0.97, 0.01, 0.015, 0.005)),
    BehaviourGroup("steady_low_ctr", 0.72, 1.0, 0.075, 0.45, (0.90, 0.04, 0.03, 0.03)),
)


@dataclass(frozen=True)
class Population:
    """Per-user and per-ad parameters, drawn once from the seed; day files are drawn from these."""

    user_ids: np.ndarray
    group: np.ndarray
    ctr: np.ndarray
    pid_share: np.ndarray
    total_impressions: np.ndarray
    day_counts: np.ndarray
    ad_cumulative: np.ndarray
    ad_ctr_factor: np.ndarray
    ad_cate: np.ndarray
    ad_brand: np.ndarray


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scale",
        choices=sorted(SCALES),
        default="small",
        help="small = 1.6M impressions (default), full = 26M impressions / ~1.14M users",
    )
    parser.add_argument(
        "--impressions", type=int, default=None, help="explicit number of impressions (overrides --scale)"
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--days", type=int, default=8, help="number of log days from 2017-05-06 (default 8)")
    parser.add_argument(
        "--only-day",
        type=int,
        default=None,
        help="write only raw_sample for this 0-based day index (e.g. 8 adds 2017-05-14 to an 8-day set)",
    )
    parser.add_argument("--format", choices=["parquet", "csv"], default="parquet", help="file format")


def target_impressions(args: argparse.Namespace) -> int:
    impressions = args.impressions if args.impressions is not None else SCALES[args.scale]
    if impressions < 1_000:
        raise ValueError(f"--impressions must be at least 1000, got {impressions}")
    return int(impressions)


def draw_population(seed: int, impressions: int, days: int) -> Population:
    """Draw users, their planted group, activity and CTR, and the ad catalogue, from one seed."""
    rng = np.random.default_rng([seed, 0])
    n_users = max(100, round(impressions * USERS_PER_IMPRESSION))
    n_ads = max(50, round(impressions * ADS_PER_IMPRESSION))
    shares = np.array([group.share for group in GROUPS])
    group = rng.choice(len(GROUPS), size=n_users, p=shares / shares.sum())
    # Lomax (zipf-like) activity, capped so one user cannot hold a visible share of all impressions.
    multiplier = np.array([g.activity for g in GROUPS])[group]
    activity = multiplier * np.minimum(rng.pareto(1.6, size=n_users), 100.0)
    extra = activity / activity.sum() * (impressions - n_users)
    total = 1 + np.floor(extra).astype(np.int64)
    shortfall = impressions - int(total.sum())
    if shortfall > 0:
        np.add.at(total, rng.choice(n_users, size=shortfall, replace=True, p=activity / activity.sum()), 1)
    mean_ctr = np.array([g.ctr for g in GROUPS])[group]
    ctr = rng.beta(4.0, 4.0 / mean_ctr - 4.0)
    pid_share = rng.beta(2.0, 2.0, size=n_users)
    day_counts = np.zeros((n_users, days), dtype=np.int64)
    remaining = total.copy()
    for day in range(days):
        day_counts[:, day] = rng.binomial(remaining, 1.0 / (days - day))
        remaining -= day_counts[:, day]
    popularity = 1.0 / np.arange(1, n_ads + 1) ** 0.9
    ad_order = rng.permutation(n_ads)
    ad_cumulative = np.cumsum(popularity[ad_order])
    ad_cumulative /= ad_cumulative[-1]
    n_cates = max(10, n_ads // 125)
    n_brands = max(10, n_ads // 8)
    return Population(
        user_ids=rng.permutation(np.arange(1, n_users * 1.25, dtype=np.int64))[:n_users],
        group=group,
        ctr=ctr,
        pid_share=pid_share,
        total_impressions=total,
        day_counts=day_counts,
        ad_cumulative=ad_cumulative,
        ad_ctr_factor=np.clip(rng.lognormal(0.0, 0.3, size=n_ads), 0.3, 3.0),
        ad_cate=rng.zipf(1.3, size=n_ads) % n_cates + 1,
        ad_brand=rng.zipf(1.2, size=n_ads) % n_brands + 1,
    )


def impressions_for_day(population: Population, seed: int, day: int, days: int) -> pa.Table:
    """The raw_sample rows of one log day (plus a few late rows of the previous day), time-ordered."""
    rng = np.random.default_rng([seed, 1, day])
    if day < days:
        counts = population.day_counts[:, day]
    else:
        counts = rng.binomial(population.total_impressions, 1.0 / days)
    users = np.repeat(np.arange(len(counts)), counts)
    n_rows = len(users)
    offsets = rng.integers(0, SECONDS_PER_DAY, size=n_rows)
    day_index = np.full(n_rows, day, dtype=np.int64)
    if day > 0:
        day_index[rng.random(n_rows) < LATE_ROW_SHARE] = day - 1
    time_stamp = FIRST_DAY_EPOCH + day_index * SECONDS_PER_DAY + offsets
    ads = np.searchsorted(population.ad_cumulative, rng.random(n_rows), side="right")
    ads = np.minimum(ads, len(population.ad_cumulative) - 1)
    click_probability = np.clip(population.ctr[users] * population.ad_ctr_factor[ads], 0.0, 0.95)
    clk = (rng.random(n_rows) < click_probability).astype(np.int64)
    pid = np.where(rng.random(n_rows) < population.pid_share[users], 0, 1)
    order = np.argsort(time_stamp, kind="stable")
    return pa.table(
        {
            "user": population.user_ids[users][order],
            "time_stamp": time_stamp[order],
            "adgroup_id": (ads + 1)[order],
            "pid": pa.DictionaryArray.from_arrays(pid[order].astype(np.int32), list(PIDS)).cast(pa.string()),
            "nonclk": (1 - clk)[order],
            "clk": clk[order],
        }
    )


def user_profiles(population: Population, seed: int) -> pa.Table:
    """One profile row for ~93 % of the users; demographics lean with the planted group."""
    rng = np.random.default_rng([seed, 2])
    n_users = len(population.user_ids)
    chosen = np.sort(rng.choice(n_users, size=round(n_users * PROFILE_SHARE), replace=False))
    group = population.group[chosen]
    n = len(chosen)
    high_ctr = group == 0
    gender = np.where(rng.random(n) < np.where(high_ctr, 0.75, 0.6), 2, 1)
    age = np.clip(rng.normal(np.where(high_ctr, 2.5, 3.3), 1.1).round(), 0, 6).astype(np.int64)
    shopping = np.where(rng.random(n) < np.where(high_ctr, 0.85, 0.6), 3, rng.integers(1, 3, size=n))
    pvalue = pa.array(rng.integers(1, 4, size=n), mask=rng.random(n) < 0.54)
    new_user_class = pa.array(rng.integers(1, 5, size=n), mask=rng.random(n) < 0.32)
    cms_segid = np.where(rng.random(n) < 0.9, 0, rng.integers(1, 97, size=n))
    return pa.table(
        {
            "userid": population.user_ids[chosen],
            "cms_segid": cms_segid,
            "cms_group_id": np.clip(gender * 6 - 6 + age, 0, 12),
            "final_gender_code": gender,
            "age_level": age,
            "pvalue_level": pvalue,
            "shopping_level": shopping,
            "occupation": (rng.random(n) < 0.06).astype(np.int64),
            "new_user_class_level ": new_user_class,
        }
    )


def ad_features(population: Population, seed: int) -> pa.Table:
    """One row per ad group; about 29 % of ads have the literal brand ``NULL`` as in the public data."""
    rng = np.random.default_rng([seed, 3])
    n_ads = len(population.ad_cumulative)
    brand = population.ad_brand.astype(str).astype(object)
    brand[rng.random(n_ads) < 0.29] = "NULL"
    return pa.table(
        {
            "adgroup_id": np.arange(1, n_ads + 1, dtype=np.int64),
            "cate_id": population.ad_cate,
            "campaign_id": rng.integers(1, max(2, n_ads // 2), size=n_ads),
            "customer": rng.integers(1, max(2, n_ads * 3 // 10), size=n_ads),
            "brand": pa.array(brand, type=pa.string()),
            "price": np.round(rng.lognormal(4.5, 1.2, size=n_ads), 2),
        }
    )


def behaviour_for_day(population: Population, seed: int, day: int, days: int) -> pa.Table:
    """Browsing/cart/fav/buy events of one day, for users proportionally to their ad activity."""
    rng = np.random.default_rng([seed, 4, day])
    per_impression = np.array([g.behaviour_rate for g in GROUPS])[population.group]
    rate = population.total_impressions * per_impression / days
    counts = rng.poisson(rate)
    users = np.repeat(np.arange(len(counts)), counts)
    n_rows = len(users)
    mixes = np.cumsum(np.array([g.btag_mix for g in GROUPS]), axis=1)
    tag = (rng.random(n_rows)[:, None] > mixes[population.group[users]]).sum(axis=1)
    tag = np.minimum(tag, len(BTAGS) - 1)
    ads = np.searchsorted(population.ad_cumulative, rng.random(n_rows), side="right")
    ads = np.minimum(ads, len(population.ad_cumulative) - 1)
    time_stamp = FIRST_DAY_EPOCH + day * SECONDS_PER_DAY + rng.integers(0, SECONDS_PER_DAY, size=n_rows)
    order = np.argsort(time_stamp, kind="stable")
    return pa.table(
        {
            "user": population.user_ids[users][order],
            "time_stamp": time_stamp[order],
            "btag": pa.array(np.array(BTAGS, dtype=object)[tag[order]], type=pa.string()),
            "cate": population.ad_cate[ads][order],
            "brand": population.ad_brand[ads][order],
        }
    )


# Unquoted header and values, like the public CSVs (pyarrow would quote the header names).
CSV_OPTIONS = pa_csv.WriteOptions(include_header=False, quoting_style="none")


def _write(table: pa.Table, path: Path, file_format: str) -> Path:
    appender = _Appender(path, file_format)
    appender.write(table)
    return appender.close()


class _Appender:
    """Writes a table chunk by chunk into one file, so a multi-day table never sits in memory."""

    def __init__(self, path: Path, file_format: str) -> None:
        self.path = path
        self.file_format = file_format
        self._parquet: pq.ParquetWriter | None = None
        self._csv: BinaryIO | None = None

    def write(self, table: pa.Table) -> None:
        if self.file_format == "csv":
            if self._csv is None:
                self._csv = self.path.open("wb")
                self._csv.write((",".join(table.column_names) + "\n").encode())
            pa_csv.write_csv(table, self._csv, CSV_OPTIONS)
        else:
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.path, table.schema)
            self._parquet.write_table(table, row_group_size=1_000_000)

    def close(self) -> Path:
        if self._parquet is not None:
            self._parquet.close()
        if self._csv is not None:
            self._csv.close()
        return self.path


def day_name(day: int) -> str:
    return (FIRST_DAY + timedelta(days=day)).isoformat()


def generate(args: argparse.Namespace, out_dir: Path) -> list[Path]:
    impressions = target_impressions(args)
    if args.days < 1:
        raise ValueError(f"--days must be at least 1, got {args.days}")
    ext = args.format
    population = draw_population(args.seed, impressions, args.days)
    sample_dir = out_dir / "raw_sample"
    sample_dir.mkdir(parents=True, exist_ok=True)
    if args.only_day is not None:
        if args.only_day < 0:
            raise ValueError(f"--only-day must be >= 0, got {args.only_day}")
        table = impressions_for_day(population, args.seed, args.only_day, args.days)
        path = sample_dir / f"raw_sample_{day_name(args.only_day)}.{ext}"
        logger.info("  day %s: %s impressions", day_name(args.only_day), f"{table.num_rows:,}")
        return [_write(table, path, ext)]

    for stale in sample_dir.glob("raw_sample_*.*"):
        stale.unlink()
    written: list[Path] = []
    behaviour = _Appender(out_dir / f"behavior_log.{ext}", ext)
    for day in range(args.days):
        table = impressions_for_day(population, args.seed, day, args.days)
        written.append(_write(table, sample_dir / f"raw_sample_{day_name(day)}.{ext}", ext))
        behaviour.write(behaviour_for_day(population, args.seed, day, args.days))
        logger.info("  day %s: %s impressions", day_name(day), f"{table.num_rows:,}")
    written.append(behaviour.close())
    written.append(_write(user_profiles(population, args.seed), out_dir / f"user_profile.{ext}", ext))
    written.append(_write(ad_features(population, args.seed), out_dir / f"ad_feature.{ext}", ext))
    return written
