"""Web-intent generator: deterministic, the documented columns, planted groups and planted bad rows."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import pytest

from python_jobs.generate import web


def _generate(out_dir: Path, *extra: str) -> list[Path]:
    parser = argparse.ArgumentParser()
    web.add_arguments(parser)
    return web.generate(parser.parse_args(["--users", "300", "--seed", "5", *extra]), out_dir)


def test_files_and_columns(tmp_path: Path) -> None:
    written = _generate(tmp_path)
    assert [path.name for path in written] == ["clickstream.csv", "search_queries.csv", "article_views.csv"]
    columns = {path.name: list(pd.read_csv(path, nrows=1).columns) for path in written}
    assert columns["clickstream.csv"] == ["user_id", "timestamp", "url", "referrer", "device", "time_spent"]
    assert columns["search_queries.csv"] == ["user_id", "timestamp", "query"]
    assert columns["article_views.csv"] == ["user_id", "timestamp", "article_id", "time_spent"]


def test_deterministic_for_a_seed(tmp_path: Path) -> None:
    first = _generate(tmp_path / "a")
    second = _generate(tmp_path / "b")
    for left, right in zip(first, second, strict=True):
        assert left.read_bytes() == right.read_bytes()
    other = _generate(tmp_path / "c", "--seed", "6")
    assert other[0].read_bytes() != first[0].read_bytes()


def test_planted_bad_rows(tmp_path: Path) -> None:
    clicks = pd.read_csv(_generate(tmp_path, "--bad-row-rate", "0.01")[0], dtype=str, keep_default_na=False)
    assert (clicks["timestamp"] == web.FUTURE_TIMESTAMP).sum() >= 1
    assert (clicks["user_id"] == "").sum() >= 1
    assert (clicks["time_spent"].astype(int) < 0).sum() >= 1
    assert clicks.duplicated().sum() >= 1
    clean = pd.read_csv(_generate(tmp_path / "clean", "--bad-row-rate", "0")[0], dtype=str)
    assert not clean.duplicated().any()
    assert (clean["time_spent"].astype(int) > 0).all()


def test_every_user_clicks_and_activity_is_skewed(tmp_path: Path) -> None:
    clicks = pd.read_csv(_generate(tmp_path, "--bad-row-rate", "0")[0])
    per_user = clicks.groupby("user_id").size()
    assert per_user.index.nunique() == 300
    # Planted groups: the busiest tenth of users click far more than the median user.
    assert per_user.quantile(0.9) > 3 * per_user.median()
    timestamps = pd.to_datetime(clicks["timestamp"])
    assert timestamps.max() <= pd.Timestamp("2026-10-31 23:59:59")
    assert timestamps.min() >= pd.Timestamp("2026-10-01")


def test_rejects_nonpositive_users(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    web.add_arguments(parser)
    with pytest.raises(ValueError, match="--users must be positive"):
        web.generate(parser.parse_args(["--users", "0"]), tmp_path)
