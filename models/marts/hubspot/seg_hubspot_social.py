"""One row per paid, socially engaged APREU contact: Cluster 1 segment (1A or 1B) from the engine."""

from typing import Any

from python_jobs.segmentation import build_segmentation


def model(dbt: Any, session: Any) -> Any:
    return build_segmentation(
        dbt,
        session,
        features=dbt.ref("feat_hubspot_contacts"),
        labels=dbt.ref("hubspot_segment_labels"),
    )
