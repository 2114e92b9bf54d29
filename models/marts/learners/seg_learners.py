"""One row per valid learner: viewing, value and channel segment from the segmentation engine."""

from python_jobs.segmentation import build_segmentation


def model(dbt, session):
    return build_segmentation(
        dbt, session, features=dbt.ref("feat_learners"), labels=dbt.ref("learners_segment_labels")
    )
