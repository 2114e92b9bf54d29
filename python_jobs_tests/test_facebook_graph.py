"""Share-graph features: networkx measures on tiny graphs whose answers are known by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from python_jobs.engagement.graph import GRAPH_FEATURE_COLUMNS, ShareGraphError, share_graph_features


def _edges(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["page_id", "week_start_date", "shared_by_user_id", "shared_to_user_id"]
    )


def test_star_graph_measures() -> None:
    # a shares to b, c and d (twice to b: one edge). 4 nodes, so out-degree centrality of a = 3 / 3.
    edges = _edges(
        [
            ("p1", "2025-12-01", "a", "b"),
            ("p1", "2025-12-01", "a", "b"),
            ("p1", "2025-12-01", "a", "c"),
            ("p1", "2025-12-01", "a", "d"),
        ]
    )
    result = share_graph_features(edges).set_index("user_id")
    assert list(result.index) == ["a", "b", "c", "d"]
    assert result.loc["a", "out_degree_centrality"] == pytest.approx(1.0)
    assert result.loc["b", "out_degree_centrality"] == pytest.approx(0.0)
    # Incoming closeness: b is reached from a at distance 1; (1/1) * (1/3) with the Wasserman-Faust factor.
    assert result.loc["b", "closeness_centrality"] == pytest.approx(1 / 3)
    assert result.loc["a", "closeness_centrality"] == pytest.approx(0.0)
    assert result.loc["a", "hub_score"] == pytest.approx(1.0)
    assert result[["authority_score"]].loc[["b", "c", "d"]].to_numpy().ravel() == pytest.approx([1 / 3] * 3)
    assert result.loc["a", "authority_score"] == pytest.approx(0.0)


def test_groups_are_separate_graphs() -> None:
    edges = _edges(
        [
            ("p1", "2025-12-01", "a", "b"),
            ("p1", "2025-12-08", "b", "a"),
            ("p2", "2025-12-01", "a", "c"),
        ]
    )
    result = share_graph_features(edges)
    assert len(result) == 6
    week_two = result[(result["page_id"] == "p1") & (result["week_start_date"] == "2025-12-08")]
    assert week_two.set_index("user_id").loc["b", "out_degree_centrality"] == pytest.approx(1.0)
    assert week_two.set_index("user_id").loc["a", "out_degree_centrality"] == pytest.approx(0.0)
    for column in GRAPH_FEATURE_COLUMNS:
        assert result[column].between(0, 1).all(), column


def test_chain_closeness_uses_incoming_distance() -> None:
    edges = _edges([("p1", "w", "a", "b"), ("p1", "w", "b", "c")])
    result = share_graph_features(edges).set_index("user_id")
    # c is reached by b (1) and a (2): (2 / 3) * (2 / 2) = 2/3.
    assert result.loc["c", "closeness_centrality"] == pytest.approx(2 / 3)


def test_deterministic() -> None:
    edges = _edges([("p1", "w", f"u{i}", f"u{(i * 7) % 13}") for i in range(1, 13) if i != (i * 7) % 13])
    pd.testing.assert_frame_equal(share_graph_features(edges), share_graph_features(edges))


def test_empty_input_gives_empty_typed_frame() -> None:
    result = share_graph_features(_edges([]))
    assert result.empty
    assert list(result.columns) == ["page_id", "week_start_date", "user_id", *GRAPH_FEATURE_COLUMNS]


def test_self_share_is_refused() -> None:
    with pytest.raises(ShareGraphError, match="row 2 is a self-share"):
        share_graph_features(_edges([("p1", "w", "a", "b"), ("p1", "w", "c", "c")]))


def test_null_and_missing_columns_are_refused() -> None:
    with pytest.raises(ShareGraphError, match="row 1 has a null"):
        share_graph_features(_edges([("p1", "w", "a", None)]))  # type: ignore[list-item]
    with pytest.raises(ShareGraphError, match="lack column"):
        share_graph_features(pd.DataFrame({"page_id": ["p1"]}))


def test_power_iteration_agrees_with_networkx_on_a_well_posed_graph() -> None:
    import networkx as nx

    from python_jobs.engagement.graph import hits_power_iteration

    graph = nx.DiGraph([("a", "b"), ("a", "c"), ("b", "c"), ("d", "c"), ("d", "a"), ("e", "a"), ("e", "c")])
    hubs, authorities = hits_power_iteration(graph, max_iter=10_000, tol=1e-12)
    expected_hubs, expected_authorities = nx.hits(graph, max_iter=10_000, tol=1e-12)
    for node in graph:
        assert hubs[node] == pytest.approx(expected_hubs[node], abs=1e-6)
        assert authorities[node] == pytest.approx(expected_authorities[node], abs=1e-6)


def test_tied_graph_gets_uniform_scores() -> None:
    # A cycle: every singular value ties, so nx.hits (sparse SVD) is arbitrary; uniform is a fixed point.
    edges = _edges([("p1", "w", "a", "b"), ("p1", "w", "b", "c"), ("p1", "w", "c", "a")])
    result = share_graph_features(edges)
    assert result["hub_score"].to_numpy() == pytest.approx([1 / 3] * 3)
    assert result["authority_score"].to_numpy() == pytest.approx([1 / 3] * 3)


def test_non_convergence_names_the_graph() -> None:
    edges = _edges([("p1", "w", "a", "b"), ("p1", "w", "a", "c"), ("p1", "w", "d", "c")])
    with pytest.raises(ShareGraphError, match=r"did not converge in 1 iterations for .*'page_id': 'p1'"):
        share_graph_features(edges, hits_max_iter=1, hits_tol=1e-30)


def test_edge_order_does_not_change_a_single_bit() -> None:
    """Edges arrive from the warehouse in no fixed order; HITS sums must not depend on it, or feature
    values (and the segmentation run id that hashes them) would change between reruns of the same data."""
    rng = np.random.default_rng(3)
    sources = rng.integers(0, 120, 900)
    targets = (sources + rng.integers(1, 119, 900)) % 120
    edges = _edges([("p1", "w", f"u{s}", f"u{t}") for s, t in zip(sources, targets, strict=True)])
    expected = share_graph_features(edges)
    for seed in range(3):
        shuffled = edges.sample(frac=1.0, random_state=seed).reset_index(drop=True)
        pd.testing.assert_frame_equal(share_graph_features(shuffled), expected, check_exact=True)
