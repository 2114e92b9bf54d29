"""Cluster 1: KMeans (k=2) on the seven engagement features of the paid, socially engaged APREU cohort.

One row per eligible contact; the whole configuration is the YAML ``config.meta.segmentation`` block.
"""

from typing import Any

from python_jobs.segmentation import build_segmentation


def model(dbt: Any, session: Any) -> Any:
    return build_segmentation(
        dbt,
        session,
        features=dbt.ref("feat_hubspot_contacts"),
        labels=dbt.ref("hubspot_segment_labels"),
    )
