"""The k-selection rules as stated in python_jobs/segmentation/README.md, on hand-checkable inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.cluster.hierarchy import linkage

from python_jobs.segmentation import SegmentationConfigError, parse_config
from python_jobs.segmentation.selection import choose_k, elbow_distances, ward_heights


def test_elbow_is_the_point_furthest_below_the_chord() -> None:
    k = np.array([2.0, 3.0, 4.0, 5.0, 6.0])
    inertia = np.array([100.0, 40.0, 30.0, 25.0, 20.0])
    distances = elbow_distances(k, inertia)
    # Rescaled: x = 0, .25, .5, .75, 1; y = 1, .25, .125, .0625, 0; chord y = 1 - x.
    expected = (1 - np.array([0, 0.25, 0.5, 0.75, 1]) - np.array([1, 0.25, 0.125, 0.0625, 0])) / np.sqrt(2)
    np.testing.assert_allclose(distances, expected, atol=1e-12)
    table = pd.DataFrame({"k": k.astype(int), "elbow_distance": distances})
    assert choose_k(table, "elbow") == 3


def test_ward_gap_reads_merge_heights() -> None:
    # Three tight, evenly spaced pairs: three merges at ~0.1, then two big merges.
    points = np.array([[0.0], [0.1], [10.0], [10.1], [20.0], [20.1]])
    link = linkage(points, method="ward")
    heights = link[:, 2]
    found = ward_heights(link, (2, 3, 4))
    # k=3 survives from the third small merge (heights[2]) to the first big one (heights[3]).
    assert found[3] == pytest.approx((heights[3], heights[3] - heights[2]))
    table = pd.DataFrame({"k": [2, 3, 4], "ward_gap": [found[k][1] for k in (2, 3, 4)]})
    assert choose_k(table, "ward_gap") == 3


@pytest.mark.parametrize(
    ("rule", "column", "values", "expected"),
    [
        ("silhouette", "silhouette", [0.2, 0.5, 0.5, 0.1], 3),
        ("davies_bouldin", "davies_bouldin", [1.2, 0.7, 0.9, 0.7], 3),
        ("bic", "bic", [900.0, 800.0, 850.0, 870.0], 3),
    ],
)
def test_best_value_wins_and_ties_go_to_the_smaller_k(rule: str, column: str, values, expected: int) -> None:
    table = pd.DataFrame({"k": [2, 3, 4, 5], column: values})
    assert choose_k(table, rule) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"features": ["x"], "k": 3}, "entity_id"),
        ({"entity_id": "id", "features": ["x"]}, "k is required"),
        ({"entity_id": "id", "features": ["x"], "k": {"min": 5, "max": 3}}, "below k.min"),
        (
            {"entity_id": "id", "features": ["x"], "k": {"min": 2, "max": 5, "rule": "bic"}},
            "gaussian_mixture",
        ),
        (
            {"entity_id": "id", "features": ["x"], "k": {"min": 2, "max": 3, "rule": "elbow"}},
            "three candidate",
        ),
        ({"entity_id": "id", "features": ["x"], "k": 3, "algorithm": "dbscan"}, "algorithm must be one of"),
        ({"entity_id": "id", "features": ["x"], "k": 3, "preprocessing": {"log1p": ["y"]}}, "not features"),
        ({"entity_id": "id", "features": ["x"], "k": 3, "preprocessing": {"scaler": "minmax"}}, "scaler"),
        ({"entity_id": "id", "features": "x", "k": 3}, "features must be a list"),
        ({"entity_id": "id", "features": ["x"], "k": 3, "ranking": {"columns": []}}, "at least one column"),
    ],
)
def test_bad_config_is_rejected_with_the_key(raw: dict, message: str) -> None:
    with pytest.raises(SegmentationConfigError, match=message):
        parse_config(raw, "demo")


def test_ranking_codes_need_enough_codes_for_k() -> None:
    config = parse_config(
        {"entity_id": "id", "features": ["x"], "k": 3, "ranking": {"columns": ["x"], "codes": ["1A", "1B"]}},
        "demo",
    )
    assert config.ranking is not None
    with pytest.raises(SegmentationConfigError, match="k=3"):
        config.ranking.codes_for(3, "demo")
