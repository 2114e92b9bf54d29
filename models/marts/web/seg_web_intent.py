"""One row per web user: engagement-level segment from the segmentation engine (config in YAML)."""

from python_jobs.segmentation import build_segmentation


def model(dbt, session):
    return build_segmentation(
        dbt,
        session,
        features=dbt.ref("feat_web_users"),
        labels=dbt.ref("web_segment_labels"),
    )
