"""Safety check for the Data Docs folder, which every run replaces (kept free of GE imports)."""

from __future__ import annotations

from pathlib import Path

from python_jobs.validation.manifest import ConfigError


def check_docs_dir(docs_dir: Path) -> None:
    """The folder must be absent, empty or a previous Data Docs site (it has an ``index.html``)."""
    if docs_dir.exists() and not docs_dir.is_dir():
        raise ConfigError(f"Data Docs path {docs_dir} exists and is not a folder")
    if docs_dir.is_dir() and any(docs_dir.iterdir()) and not (docs_dir / "index.html").is_file():
        raise ConfigError(f"{docs_dir} is not empty and holds no Data Docs site; refusing to replace it")
