"""dbt-duckdb plugin: import the segmentation engine in a background thread while the SQL models run.

A segmentation model's first statement imports the engine (scikit-learn, scipy): about 1.4 s of
single-threaded work with a warm file cache, which would otherwise wait until every SQL model upstream has
finished. dbt-duckdb creates its plugins when it opens the warehouse, before the first
model, and DuckDB releases Python's GIL while it executes SQL, so the imports run beside the staging
queries. The model's own ``import`` then finds the modules loaded (or waits on Python's per-module
import lock for the few that are still loading).

The imports are not free: they compete with dbt's own Python work for the GIL and with DuckDB for the
cores (a one-day incremental ``dbt run`` of the impressions took 1.5 s longer with them). So they only
start when the invocation is a ``dbt run`` or ``dbt build`` whose selection holds a Python model: dbt has
chosen its nodes (``selected_resources``) before it opens the warehouse, and a model whose file under
the project's model paths ends in ``.py`` is a Python model.

Enabled in ``profiles.yml`` (``plugins: [{module: python_jobs.dbt_preload}]``); ``SEGMENTATION_PRELOAD=0``
turns it off. It lives outside ``python_jobs.segmentation`` because dbt-duckdb imports a plugin's module
on the main thread, and importing anything inside that package loads the engine. A failed import here is
ignored: the model's own import raises the same error where dbt reports it.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from dbt.adapters.duckdb.plugins import BasePlugin

PRELOAD_ENV = "SEGMENTATION_PRELOAD"
MODULES = ("python_jobs.segmentation",)
COMMANDS = frozenset({"run", "build"})

_status = "not started"


def preload_status() -> str:
    """What the preload did in this process: ``not started``, ``started``, ``skipped`` (not a run or build
    of a Python model), ``loading``, ``loaded`` or ``failed: <error>``."""
    return _status


def preload_enabled() -> bool:
    """``SEGMENTATION_PRELOAD`` is unset or truthy (anything but ``0``, ``false``, ``no``, ``off``)."""
    return os.environ.get(PRELOAD_ENV, "1").strip().lower() not in {"0", "false", "no", "off"}


def python_model_names(project_dir: Path) -> set[str]:
    """Names of the project's Python models: ``*.py`` files under its ``model-paths``."""
    project_file = project_dir / "dbt_project.yml"
    project = yaml.safe_load(project_file.read_text()) if project_file.is_file() else None
    paths = (project or {}).get("model-paths") or ["models"]
    return {path.stem for folder in paths for path in (project_dir / folder).rglob("*.py")}


def selects_python_model(selected: Iterable[str], python_models: set[str]) -> bool:
    """Whether dbt's selected unique ids (``model.<project>.<name>``) hold one of ``python_models``."""
    return any(
        unique_id.startswith("model.") and unique_id.rsplit(".", 1)[-1] in python_models
        for unique_id in selected
    )


def invocation_runs_python_models() -> bool:
    """This dbt process is a ``run`` or ``build`` whose selection holds a Python model."""
    from dbt import selected_resources
    from dbt.flags import get_flags

    flags = get_flags()
    if getattr(flags, "WHICH", None) not in COMMANDS:
        return False
    project_dir = Path(getattr(flags, "PROJECT_DIR", None) or os.getcwd())
    return selects_python_model(selected_resources.SELECTED_RESOURCES, python_model_names(project_dir))


def _preload(modules: tuple[str, ...], check_invocation: bool) -> None:
    global _status
    try:
        if check_invocation and not invocation_runs_python_models():
            _status = "skipped"
            return
        _status = "loading"
        for module in modules:
            importlib.import_module(module)
        _status = "loaded"
    except Exception as error:  # the model's own import reports it, where dbt shows errors
        _status = f"failed: {error!r}"


def start_preload(
    modules: tuple[str, ...] = MODULES, check_invocation: bool = True
) -> threading.Thread | None:
    """Start the preload thread once per process; None when disabled or already started."""
    global _status
    if not preload_enabled() or _status != "not started":
        return None
    _status = "started"
    # A daemon thread: a dbt command that never reaches a Python model exits without waiting for it.
    thread = threading.Thread(
        target=_preload, args=(modules, check_invocation), name="segmentation-preload", daemon=True
    )
    thread.start()
    return thread


class Plugin(BasePlugin):
    """The dbt-duckdb plugin entry point: starts the preload when dbt-duckdb initialises its plugins."""

    def initialize(self, plugin_config: dict[str, Any]) -> None:
        start_preload()
