"""One row per valid learner: viewing, value and channel segment from the segmentation engine."""

from python_jobs.segmentation import build_segmentation


def model(dbt, session):
    return build_segmentation(
        dbt, session, features=dbt.ref("fct_learner_features"), labels=dbt.ref("learner_segment_labels")
    )
