"""Engagement analytics behind the Facebook-fan models: share-graph features, temporal checks, superfans.

The dbt Python models in ``models/intermediate/facebook`` and ``models/marts/facebook`` are thin wrappers
around the pure functions here (each tested in ``python_jobs_tests/test_facebook_*.py``).
"""

from python_jobs.engagement.graph import GRAPH_FEATURE_COLUMNS, share_graph_features
from python_jobs.engagement.superfan import SuperfanModelConfig, evaluate_superfan_classifier

__all__ = [
    "GRAPH_FEATURE_COLUMNS",
    "SuperfanModelConfig",
    "evaluate_superfan_classifier",
    "share_graph_features",
]
