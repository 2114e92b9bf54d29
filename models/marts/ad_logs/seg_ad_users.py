"""One row per ad-log user: behaviour segment from the segmentation engine (config in YAML)."""

from python_jobs.segmentation import build_segmentation


def model(dbt, session):
    return build_segmentation(
        dbt,
        session,
        features=dbt.ref("feat_ad_logs_users"),
        labels=dbt.ref("ad_logs_segment_labels"),
    )
