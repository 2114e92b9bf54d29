"""Share-network features per page and week: out-degree, closeness and HITS hub/authority (networkx).

The share graph of one page in one week is directed, ``shared_by -> shared_to``; repeated shares between the
same two users are one edge (as in the seed's ``DiGraph``). Self-shares never reach this function: they are
rejected upstream (``self_share``) and a self-loop here raises, so a leak is loud.

Measures, per node, as networkx defines them:

- ``out_degree_centrality``: distinct users the node shared to, divided by (nodes - 1).
- ``closeness_centrality``: networkx's default on a directed graph, which uses *incoming* distances (how
  near the node is to the users that reach it), with the Wasserman-Faust correction for disconnected graphs.
  This is what the seed computed.
- ``hub_score`` / ``authority_score``: HITS by Kleinberg's power iteration from a uniform start (what
  networkx's ``hits`` computed when the seed was written, with its max_iter 1000 / tol 1e-5), normalised to
  sum to 1 within the graph. ``nx.hits`` now uses a sparse SVD, which on graphs with tied singular values
  (e.g. every user sharing to exactly one other) returns an arbitrary, run-dependent vector; the power
  iteration from a uniform start is deterministic there and agrees with ``nx.hits`` elsewhere (tested).
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np
import pandas as pd

GRAPH_FEATURE_COLUMNS = ("out_degree_centrality", "closeness_centrality", "hub_score", "authority_score")


class ShareGraphError(ValueError):
    """Edges that cannot form a share graph (missing columns, null ids, self-shares)."""


def hits_power_iteration(
    graph: nx.DiGraph, max_iter: int = 1000, tol: float = 1e-5
) -> tuple[dict[str, float], dict[str, float]]:
    """HITS hub and authority scores (each summing to 1) by power iteration from a uniform start.

    Stops when the L1 change of the max-normalised hub vector is below nodes × ``tol`` (the tolerance
    networkx documents for ``hits``); raises ``nx.PowerIterationFailedConvergence`` after ``max_iter``.
    """
    nodes = list(graph)
    if not nodes:
        return {}, {}
    adjacency = nx.to_scipy_sparse_array(graph, nodelist=nodes, dtype=float, format="csr")
    hubs = np.full(len(nodes), 1.0 / len(nodes))
    authorities = np.zeros(len(nodes))
    for _ in range(max_iter):
        previous = hubs
        authorities = adjacency.T @ previous
        hubs = adjacency @ authorities
        hubs = hubs / hubs.max() if hubs.max() > 0 else hubs
        authorities = authorities / authorities.max() if authorities.max() > 0 else authorities
        if np.abs(hubs - previous).sum() < len(nodes) * tol:
            break
    else:
        raise nx.PowerIterationFailedConvergence(max_iter)
    hubs = hubs / hubs.sum() if hubs.sum() > 0 else hubs
    authorities = authorities / authorities.sum() if authorities.sum() > 0 else authorities
    return dict(zip(nodes, hubs.tolist(), strict=True)), dict(zip(nodes, authorities.tolist(), strict=True))


def _one_graph_features(
    sources: Sequence[str], targets: Sequence[str], hits_max_iter: int, hits_tol: float
) -> pd.DataFrame:
    graph = nx.DiGraph()
    graph.add_edges_from(zip(sources, targets, strict=True))
    out_degree = nx.out_degree_centrality(graph)
    closeness = nx.closeness_centrality(graph)
    hubs, authorities = hits_power_iteration(graph, max_iter=hits_max_iter, tol=hits_tol)
    nodes = list(graph)
    return pd.DataFrame(
        {
            "user_id": nodes,
            "out_degree_centrality": [out_degree[node] for node in nodes],
            "closeness_centrality": [closeness[node] for node in nodes],
            "hub_score": [hubs[node] for node in nodes],
            "authority_score": [authorities[node] for node in nodes],
        }
    )


def share_graph_features(
    edges: pd.DataFrame,
    group_columns: Sequence[str] = ("page_id", "week_start_date"),
    source_column: str = "shared_by_user_id",
    target_column: str = "shared_to_user_id",
    hits_max_iter: int = 1000,
    hits_tol: float = 1e-5,
) -> pd.DataFrame:
    """One row per node (``user_id``) per group with the four graph measures; empty input gives no rows.

    ``edges`` has one row per share (duplicates allowed); every user who shared or was shared to in a
    group is a node of that group's graph.
    """
    output_columns = [*group_columns, "user_id", *GRAPH_FEATURE_COLUMNS]
    required = [*group_columns, source_column, target_column]
    missing = [column for column in required if column not in edges.columns]
    if missing:
        raise ShareGraphError(f"share edges lack column(s) {missing} (have {list(edges.columns)})")
    if edges.empty:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in output_columns}).astype(
            dict.fromkeys(GRAPH_FEATURE_COLUMNS, "float64")
        )
    nulls = edges[required].isna().any(axis=1)
    if nulls.any():
        row = int(nulls.to_numpy().nonzero()[0][0])
        raise ShareGraphError(
            f"share edge at row {row + 1} has a null in {required}: {edges.iloc[row].to_dict()}"
        )
    loops = edges[source_column] == edges[target_column]
    if loops.any():
        row = int(loops.to_numpy().nonzero()[0][0])
        raise ShareGraphError(
            f"share edge at row {row + 1} is a self-share ({edges.iloc[row][source_column]!r}); "
            "self-shares must be rejected before the graph is built"
        )
    # A fixed edge order: the HITS power iteration sums floats in edge order, and a warehouse query returns
    # rows in no guaranteed order, so unsorted input changed the last bits of the scores between reruns.
    edges = edges.sort_values(required, kind="stable", ignore_index=True)
    frames = []
    for key, group in edges.groupby(list(group_columns), sort=True):
        try:
            features = _one_graph_features(
                group[source_column].astype(str).tolist(),
                group[target_column].astype(str).tolist(),
                hits_max_iter,
                hits_tol,
            )
        except nx.PowerIterationFailedConvergence as error:
            raise ShareGraphError(
                f"HITS did not converge in {hits_max_iter} iterations for "
                f"{dict(zip(group_columns, key, strict=True))}"
            ) from error
        for column, value in zip(group_columns, key, strict=True):
            features[column] = value
        frames.append(features)
    result = pd.concat(frames, ignore_index=True)[output_columns]
    return result.sort_values([*group_columns, "user_id"], ignore_index=True)
