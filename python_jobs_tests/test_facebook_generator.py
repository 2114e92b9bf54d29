"""Facebook-fan generator: deterministic, pages in step with the seed, planted bad rows present."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import pytest

from python_jobs.generate import facebook
from python_jobs.paths import PROJECT_ROOT


def _generate(out_dir: Path, *extra: str) -> dict[str, pd.DataFrame]:
    parser = argparse.ArgumentParser()
    facebook.add_arguments(parser)
    written = facebook.generate(parser.parse_args(["--users", "600", "--seed", "5", *extra]), out_dir)
    return {path.name: pd.read_csv(path, dtype=str, keep_default_na=False) for path in written}


def test_pages_match_the_seed() -> None:
    seed = pd.read_csv(PROJECT_ROOT / "seeds" / "facebook" / "facebook_pages.csv", dtype=str)
    assert list(seed.itertuples(index=False, name=None)) == list(facebook.PAGES)
    assert len(facebook.PAGES) == 30
    assert facebook.UNKNOWN_PAGE_ID not in set(seed["page_id"])


def test_reaction_types_match_the_seed() -> None:
    seed = pd.read_csv(PROJECT_ROOT / "seeds" / "facebook" / "facebook_reaction_types.csv", dtype=str)
    assert set(seed["reaction_type"]) == set(facebook.REACTION_TYPES)
    assert facebook.UNKNOWN_REACTION_TYPE not in set(seed["reaction_type"])


def test_columns_and_determinism(tmp_path: Path) -> None:
    first = _generate(tmp_path / "a")
    second = _generate(tmp_path / "b")
    assert list(first["reactions.csv"].columns) == [
        "page_id",
        "post_id",
        "user_id",
        "reaction_type",
        "reacted_at",
    ]
    assert list(first["comments.csv"].columns) == [
        "page_id",
        "post_id",
        "user_id",
        "commented_at",
        "like_count",
        "reply_count",
    ]
    assert list(first["shares.csv"].columns) == [
        "page_id",
        "post_id",
        "shared_by_user_id",
        "shared_to_user_id",
        "shared_at",
    ]
    for name, frame in first.items():
        pd.testing.assert_frame_equal(frame, second[name])


def test_planted_bad_rows(tmp_path: Path) -> None:
    files = _generate(tmp_path, "--bad-row-rate", "0.01")
    reactions, shares = files["reactions.csv"], files["shares.csv"]
    assert (reactions["page_id"] == facebook.UNKNOWN_PAGE_ID).any()
    assert (reactions["reaction_type"] == facebook.UNKNOWN_REACTION_TYPE).any()
    assert reactions["reaction_type"].str.startswith(" ").any()
    assert (reactions["reacted_at"] == facebook.FUTURE_TIMESTAMP).any()
    assert reactions.duplicated().any()
    assert (shares["shared_by_user_id"] == shares["shared_to_user_id"]).any()
    clean = _generate(tmp_path / "clean", "--bad-row-rate", "0")
    assert not (clean["shares.csv"]["shared_by_user_id"] == clean["shares.csv"]["shared_to_user_id"]).any()
    assert set(clean["reactions.csv"]["reaction_type"]) <= set(facebook.REACTION_TYPES)


def test_weeks_span_the_requested_range(tmp_path: Path) -> None:
    reactions = _generate(tmp_path, "--weeks", "3", "--bad-row-rate", "0")["reactions.csv"]
    weeks = pd.to_datetime(reactions["reacted_at"]).dt.to_period("W-SUN").nunique()
    assert weeks == 3


def test_rejects_bad_sizes(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    facebook.add_arguments(parser)
    with pytest.raises(ValueError, match="--users must be > 1"):
        facebook.generate(parser.parse_args(["--users", "1"]), tmp_path)
