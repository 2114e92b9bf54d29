"""Course-platform learners: customer_segmentation_data.csv with planted groups.

The published file has no id column (the row position is the learner's identity). Eight planted groups
follow the shares, minutes and CLV of the published segment table (SEED_FACTS section A); each has one
dominant channel or region so that the groups are compact in the one-hot feature space (the published
"multi-channel" groups are spread over 4-5 equally likely channels, which no k-means partition can
recover). The planted group of every row is known (``planted_groups``). About 3 % of minutes are left
blank, as in real exports (a learner who bought but has not watched yet).
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FILE_NAME = "customer_segmentation_data.csv"
HEADER = ("minutes_watched", "CLV", "region", "channel")
BLANK_MINUTES_SHARE = 0.03
MINUTES_GAMMA_SHAPE = 12.0  # coefficient of variation 1/sqrt(12) ≈ 0.29 within a group
CLV_VARIATION = 0.12  # within-group standard deviation of CLV as a share of the group mean


@dataclass(frozen=True)
class PlantedGroup:
    """One planted group: its share, channel and region mix, and typical minutes watched and CLV."""

    name: str
    share: float
    channels: dict[int, float]  # channel code -> probability
    regions: dict[int, float]  # region code -> probability
    minutes_mean: float
    clv_mean: float


# Channel codes: 1 Google, 2 Facebook, 3 YouTube, 4 LinkedIn, 5 Twitter, 6 Instagram, 7 Friend, 8 Other.
# Region codes: 0 Anglo-Saxon, 1 Western Europe, 2 rest of the world.
PLANTED_GROUPS: tuple[PlantedGroup, ...] = (
    PlantedGroup("Instagram Explorers", 0.08, {6: 1.0}, {0: 0.31, 1: 0.19, 2: 0.50}, 1300, 115),
    PlantedGroup("LinkedIn Networkers", 0.10, {4: 1.0}, {2: 1.0}, 1800, 91),
    PlantedGroup("Friends' Influence", 0.11, {7: 1.0}, {0: 0.15, 2: 0.85}, 2020, 109),
    PlantedGroup("Google-YouTube Mix", 0.24, {1: 0.15, 3: 0.85}, {2: 1.0}, 2330, 104),
    PlantedGroup("Anglo-Saxon Multi-Channel", 0.28, {1: 0.80, 3: 0.10, 8: 0.10}, {0: 1.0}, 1540, 136),
    PlantedGroup("European Multi-Channel", 0.10, {1: 0.10, 4: 0.10, 8: 0.80}, {1: 1.0}, 1875, 158),
    PlantedGroup("Twitter Devotees", 0.02, {5: 1.0}, {0: 0.17, 1: 0.05, 2: 0.78}, 985, 93),
    PlantedGroup("Facebook Followers", 0.07, {2: 1.0}, {0: 0.29, 1: 0.10, 2: 0.61}, 2770, 108),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rows", type=int, default=3800, help="learners (rows) to write (default 3800)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")


def planted_groups(rows: int, seed: int) -> np.ndarray:
    """The planted group index (position in PLANTED_GROUPS) of every row ``generate`` writes."""
    return _draw(rows, seed)[0]


def _draw(rows: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    shares = np.array([group.share for group in PLANTED_GROUPS])
    groups = rng.choice(len(PLANTED_GROUPS), size=rows, p=shares / shares.sum())
    channels = np.empty(rows, dtype="int64")
    regions = np.empty(rows, dtype="int64")
    minutes = np.empty(rows, dtype="float64")
    clv = np.empty(rows, dtype="float64")
    for index, group in enumerate(PLANTED_GROUPS):
        mask = groups == index
        count = int(mask.sum())
        channel_codes = np.array(list(group.channels))
        channel_p = np.array(list(group.channels.values()))
        channels[mask] = rng.choice(channel_codes, size=count, p=channel_p / channel_p.sum())
        region_codes = np.array(list(group.regions))
        region_p = np.array(list(group.regions.values()))
        regions[mask] = rng.choice(region_codes, size=count, p=region_p / region_p.sum())
        # Gamma: right-skewed like watch time, with the planted group mean.
        scale = group.minutes_mean / MINUTES_GAMMA_SHAPE
        minutes[mask] = np.round(rng.gamma(MINUTES_GAMMA_SHAPE, scale, size=count))
        spread = CLV_VARIATION * group.clv_mean
        clv[mask] = np.round(np.maximum(rng.normal(group.clv_mean, spread, size=count), 0.0), 2)
    blank = rng.random(rows) < BLANK_MINUTES_SHARE
    minutes[blank] = np.nan
    return groups, minutes, clv, regions, channels


def generate(args: argparse.Namespace, out_dir: Path) -> list[Path]:
    """Write ``customer_segmentation_data.csv`` with ``args.rows`` learners, deterministic in the seed."""
    if args.rows < 1:
        raise SystemExit("--rows must be at least 1")
    _, minutes, clv, regions, channels = _draw(args.rows, args.seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILE_NAME
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for watched, value, region, channel in zip(minutes, clv, regions, channels, strict=True):
            writer.writerow(["" if np.isnan(watched) else f"{watched:.1f}", f"{value:.2f}", region, channel])
    return [path]
