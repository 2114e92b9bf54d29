"""One row per ad-log user: behaviour segment from the segmentation engine (config in YAML)."""

from python_jobs.segmentation import build_segmentation


def model(dbt, session):
    return build_segmentation(
        dbt,
        session,
        features=dbt.ref("fct_ad_user_features"),
        labels=dbt.ref("ad_user_segment_labels"),
    )
