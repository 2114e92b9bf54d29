"""The segmentation engine every dbt Python model in the project uses (see README.md in this folder).

``build_segmentation(dbt, session, features=..., labels=...)`` is the whole model body; the config lives
in the model's YAML under ``config.meta.segmentation``. ``run_segmentation`` is the pure core.
"""

from python_jobs.segmentation.config import SegmentationConfig, SegmentationConfigError, parse_config
from python_jobs.segmentation.dbt_model import build_segmentation, read_model_config
from python_jobs.segmentation.engine import SegmentationResult, run_segmentation
from python_jobs.segmentation.preprocess import SegmentationInputError
from python_jobs.segmentation.stable_ids import PreviousRun

__all__ = [
    "PreviousRun",
    "SegmentationConfig",
    "SegmentationConfigError",
    "SegmentationInputError",
    "SegmentationResult",
    "build_segmentation",
    "parse_config",
    "read_model_config",
    "run_segmentation",
]
