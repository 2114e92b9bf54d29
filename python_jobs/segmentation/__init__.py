"""The segmentation engine every dbt Python model in the project uses (see README.md in this folder).

``build_segmentation(dbt, session, features=..., labels=...)`` is the whole model body; the config lives
in the model's YAML under ``config.meta.segmentation``. ``run_segmentation`` is the pure core.

The names below are imported on first use, so ``python_jobs.segmentation.contract`` (the table contract the
validation job and a dbt model read) can be imported without loading scikit-learn.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from python_jobs.segmentation.assemble import SegmentationResult
    from python_jobs.segmentation.config import SegmentationConfig, SegmentationConfigError, parse_config
    from python_jobs.segmentation.dbt_model import build_segmentation, read_model_config
    from python_jobs.segmentation.fit import run_segmentation
    from python_jobs.segmentation.preprocess import SegmentationInputError
    from python_jobs.segmentation.stable_ids import PreviousRun

_MODULES = {
    "PreviousRun": "stable_ids",
    "SegmentationConfig": "config",
    "SegmentationConfigError": "config",
    "SegmentationInputError": "preprocess",
    "SegmentationResult": "assemble",
    "build_segmentation": "dbt_model",
    "parse_config": "config",
    "read_model_config": "dbt_model",
    "run_segmentation": "fit",
}

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


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
