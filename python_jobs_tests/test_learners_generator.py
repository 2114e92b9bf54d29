"""The course-platform demo generator: published schema, deterministic, blank minutes, planted groups."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from python_jobs.generate import learners


def write(tmp_path: Path, rows: int, seed: int) -> Path:
    parser = argparse.ArgumentParser()
    learners.add_arguments(parser)
    args = parser.parse_args(["--rows", str(rows), "--seed", str(seed)])
    return learners.generate(args, tmp_path)[0]


def test_writes_exactly_the_published_schema_without_an_id(tmp_path: Path) -> None:
    path = write(tmp_path, 500, 3)
    assert path.name == "customer_segmentation_data.csv"
    assert path.read_text().splitlines()[0] == "minutes_watched,CLV,region,channel"
    frame = pd.read_csv(path)
    assert len(frame) == 500
    assert set(frame["region"]) <= {0, 1, 2}
    assert set(frame["channel"]) <= set(range(1, 9))
    assert (frame["minutes_watched"].dropna() >= 0).all()


def test_some_minutes_are_blank(tmp_path: Path) -> None:
    frame = pd.read_csv(write(tmp_path, 3800, 42))
    blank_share = frame["minutes_watched"].isna().mean()
    assert 0.01 < blank_share < 0.06


def test_deterministic_in_the_seed(tmp_path: Path) -> None:
    first = write(tmp_path / "a", 300, 9).read_bytes()
    again = write(tmp_path / "b", 300, 9).read_bytes()
    other = write(tmp_path / "c", 300, 10).read_bytes()
    assert first == again
    assert first != other


def test_planted_groups_match_the_written_rows(tmp_path: Path) -> None:
    frame = pd.read_csv(write(tmp_path, 2000, 5))
    groups = learners.planted_groups(2000, 5)
    for index, group in enumerate(learners.PLANTED_GROUPS):
        rows = frame[groups == index]
        assert set(rows["channel"]) <= set(group.channels)
        assert set(rows["region"]) <= set(group.regions)
        assert np.isclose(rows["minutes_watched"].mean(), group.minutes_mean, rtol=0.15)
