"""One row per fan-week (user × page × week): activity-level segment (Gaussian mixture) from the engine."""

from python_jobs.segmentation import build_segmentation


def model(dbt, session):
    return build_segmentation(
        dbt,
        session,
        features=dbt.ref("feat_facebook_fan_weeks"),
        labels=dbt.ref("facebook_segment_labels"),
    )
