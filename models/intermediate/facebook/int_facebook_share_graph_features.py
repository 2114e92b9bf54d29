"""One row per user × page × week in that page's weekly share graph: networkx centrality and HITS scores."""

from python_jobs.engagement.graph import share_graph_features


def model(dbt, session):
    dbt.config(materialized="table")
    edges = (
        dbt.ref("stg_facebook__shares")
        .project("page_id, week_start_date, shared_by_user_id, shared_to_user_id")
        .df()
    )
    features = share_graph_features(edges)
    # Explicit types, so a week without any share still yields a correctly typed (empty) table.
    return session.from_df(features).project(
        "cast(page_id as varchar) as page_id, cast(week_start_date as date) as week_start_date, "
        "cast(user_id as varchar) as user_id, "
        "cast(out_degree_centrality as double) as out_degree_centrality, "
        "cast(closeness_centrality as double) as closeness_centrality, "
        "cast(hub_score as double) as hub_score, cast(authority_score as double) as authority_score"
    )
