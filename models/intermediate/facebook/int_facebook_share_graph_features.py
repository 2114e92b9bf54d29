"""One row per user × page × week in that page's weekly share graph: networkx centrality and HITS scores."""

from python_jobs.engagement.graph import share_graph_features


def model(dbt, session):
    dbt.config(materialized="table")
    edges = (
        dbt.ref("int_facebook_shares_validated")
        .filter("reject_reason is null")
        .project("page_id, week_start_date, shared_by_user_id, shared_to_user_id")
        .df()
    )
    features = share_graph_features(edges)
    features["week_start_date"] = features["week_start_date"].dt.date
    return features
