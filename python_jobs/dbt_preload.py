"""dbt-duckdb plugin: import the segmentation engine in a background thread while the SQL models run.

A segmentation model's first statement imports the engine (scikit-learn, scipy) and its plots
(matplotlib): about 2.7 s of single-threaded work that would otherwise wait until every SQL model
upstream has finished. dbt-duckdb creates its plugins when it opens the warehouse, before the first
model, and DuckDB releases Python's GIL while it executes SQL, so the imports run beside the staging
queries and cost the build close to nothing. The model's own ``import`` then finds the modules loaded
(or waits on Python's per-module import lock for the few that are still loading).

Enabled in ``profiles.yml`` (``plugins: [{module: python_jobs.dbt_preload}]``). It lives outside
``python_jobs.segmentation`` because dbt-duckdb imports a plugin's module on the main thread, and
importing anything inside that package loads the engine.
``SEGMENTATION_PRELOAD=0`` turns it off. A failed import here is ignored: the model's own import raises
the same error where dbt reports it.
"""

from __future__ import annotations

import importlib
import os
import threading
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

PRELOAD_ENV = "SEGMENTATION_PRELOAD"
MODULES = ("python_jobs.segmentation", "python_jobs.segmentation.plots")

_started = threading.Event()


def preload_enabled() -> bool:
    """``SEGMENTATION_PRELOAD`` is unset or truthy (anything but ``0``, ``false``, ``no``, ``off``)."""
    return os.environ.get(PRELOAD_ENV, "1").strip().lower() not in {"0", "false", "no", "off"}


def _import_all(modules: tuple[str, ...]) -> None:
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception:  # the model's own import reports it, where dbt shows errors
            return


def start_preload(modules: tuple[str, ...] = MODULES) -> threading.Thread | None:
    """Start the import thread once per process; None when disabled or already started."""
    if not preload_enabled() or _started.is_set():
        return None
    _started.set()
    # A daemon thread: a dbt command that never reaches a Python model exits without waiting for it.
    thread = threading.Thread(target=_import_all, args=(modules,), name="segmentation-preload", daemon=True)
    thread.start()
    return thread


class Plugin(BasePlugin):
    """The dbt-duckdb plugin entry point: starts the preload when dbt-duckdb initialises its plugins."""

    def initialize(self, plugin_config: dict[str, Any]) -> None:
        start_preload()
