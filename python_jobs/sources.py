"""The raw sources the warehouse knows, how to generate demo data for each, and at which size.

``run`` is the size ``make run`` generates when a source has no raw files; ``test`` is the small fixture
that ``make test`` builds. Each generator module exposes ``add_arguments(parser)`` and
``generate(args, out_dir) -> list[Path]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceSpec:
    name: str
    module: str
    marker_files: tuple[str, ...]
    run_args: tuple[str, ...]
    test_args: tuple[str, ...]

    def is_present(self, raw_dir: Path) -> bool:
        """True when every marker file exists under ``raw_dir/<name>/``."""
        return all((raw_dir / self.name / marker).exists() for marker in self.marker_files)


SOURCES: tuple[SourceSpec, ...] = (
    SourceSpec(
        name="hubspot",
        module="python_jobs.generate.hubspot",
        marker_files=("contacts.csv",),
        run_args=("--rows", "130000", "--seed", "42"),
        test_args=("--rows", "6000", "--seed", "7"),
    ),
    SourceSpec(
        name="learners",
        module="python_jobs.generate.learners",
        marker_files=("customer_segmentation_data.csv",),
        run_args=("--rows", "3800", "--seed", "42"),
        test_args=("--rows", "1200", "--seed", "7"),
    ),
    SourceSpec(
        name="ad_logs",
        module="python_jobs.generate.ad_logs",
        # raw_sample/ holds one Parquet file per log day, so a daily delivery adds a file.
        marker_files=(
            "raw_sample",
            "user_profile.parquet",
            "ad_feature.parquet",
            "behavior_log.parquet",
        ),
        run_args=("--scale", "small", "--seed", "42"),
        test_args=("--scale", "small", "--seed", "7"),
    ),
    SourceSpec(
        name="web",
        module="python_jobs.generate.web",
        marker_files=("clickstream.csv", "search_queries.csv", "article_views.csv"),
        run_args=("--users", "50000", "--seed", "42"),
        test_args=("--users", "2000", "--seed", "7"),
    ),
    SourceSpec(
        name="facebook",
        module="python_jobs.generate.facebook",
        marker_files=("reactions.csv", "comments.csv", "shares.csv"),
        run_args=("--seed", "42"),
        test_args=("--users", "3000", "--seed", "7"),
    ),
)


def get_source(name: str) -> SourceSpec:
    for spec in SOURCES:
        if spec.name == name:
            return spec
    known = ", ".join(spec.name for spec in SOURCES)
    raise KeyError(f"unknown source {name!r}; known sources: {known}")
