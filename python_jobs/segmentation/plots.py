"""Plots a segmentation run writes: k-selection curves, truncated dendrogram, PCA scatter, profile heatmap.

Figures are built with matplotlib's object API (``Figure``, rendered by the Agg canvas on save), not
``pyplot``: pyplot keeps every open figure in one process-wide registry, and dbt runs two Python models
at once on its two threads.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from scipy.cluster.hierarchy import dendrogram
from sklearn.decomposition import PCA

from python_jobs.segmentation.config import SegmentationConfig
from python_jobs.segmentation.engine import SegmentationResult
from python_jobs.segmentation.selection import sample_indices, ward_linkage

SCATTER_POINTS = 5_000
DENDROGRAM_SAMPLE = 2_000


def write_plots(result: SegmentationResult, config: SegmentationConfig, out_dir: Path) -> list[Path]:
    """Write the four PNGs under ``out_dir`` and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [
        _k_selection(result, config, out_dir / "k_selection.png"),
        _dendrogram(result, config, out_dir / "dendrogram.png"),
        _pca_scatter(result, config, out_dir / "pca_scatter.png"),
        _profile_heatmap(result, config, out_dir / "profile_heatmap.png"),
    ]


def _k_selection(result: SegmentationResult, config: SegmentationConfig, path: Path) -> Path:
    table = result.k_selection.sort_values("k")
    figure = Figure(figsize=(14, 4))
    axes = figure.subplots(1, 3)
    panels = (("inertia", "inertia (elbow)"), ("silhouette", "silhouette"), ("ward_gap", "Ward merge gap"))
    for axis, (column, title) in zip(axes, panels, strict=True):
        values = table[column].astype("float64")
        if values.notna().any():
            axis.plot(table["k"], values, marker="o")
        axis.axvline(result.k, color="tab:red", linestyle="--", label=f"chosen k={result.k}")
        axis.set_title(title)
        axis.set_xlabel("k")
        axis.legend()
    figure.suptitle(f"{config.name}: k selection (rule {config.k.rule})")
    return _save(figure, path)


def _dendrogram(result: SegmentationResult, config: SegmentationConfig, path: Path) -> Path:
    size = min(DENDROGRAM_SAMPLE, config.sample_size)
    _, link = ward_linkage(result.scaled_matrix, size, config.random_seed)
    figure = Figure(figsize=(12, 5))
    axis = figure.subplots()
    dendrogram(link, truncate_mode="lastp", p=30, ax=axis, no_labels=True)
    axis.set_title(
        f"{config.name}: Ward dendrogram (seeded sample of {min(size, len(result.scaled_matrix))} rows)"
    )
    axis.set_ylabel("merge height")
    return _save(figure, path)


def _pca_scatter(result: SegmentationResult, config: SegmentationConfig, path: Path) -> Path:
    positions = sample_indices(len(result.scaled_matrix), SCATTER_POINTS, config.random_seed)
    if {"pca_1", "pca_2"} <= set(result.segments.columns):
        projected = result.segments[["pca_1", "pca_2"]].to_numpy(dtype="float64")
    else:
        projected = PCA(n_components=2, random_state=config.random_seed).fit_transform(result.scaled_matrix)
    segments = result.segments.iloc[positions]
    figure = Figure(figsize=(9, 7))
    axis = figure.subplots()
    for code, name in sorted(set(zip(segments["segment_code"], segments["segment_name"], strict=True))):
        mask = (segments["segment_code"] == code).to_numpy()
        axis.scatter(
            projected[positions][mask, 0], projected[positions][mask, 1], s=6, label=f"{code}: {name}"
        )
    axis.set_xlabel("PC 1")
    axis.set_ylabel("PC 2")
    axis.set_title(f"{config.name}: segments on the first two principal components")
    axis.legend(fontsize=7, markerscale=2)
    return _save(figure, path)


def _profile_heatmap(result: SegmentationResult, config: SegmentationConfig, path: Path) -> Path:
    profiles = result.profiles[result.profiles["is_clustered"]]
    grid = profiles.pivot_table(index="segment_code", columns="feature", values="std_difference").fillna(0.0)
    figure = Figure(figsize=(max(8, 0.6 * grid.shape[1]), max(3, 0.5 * grid.shape[0] + 1)))
    axis = figure.subplots()
    limit = float(np.nanmax(np.abs(grid.to_numpy()))) or 1.0
    image = axis.imshow(grid.to_numpy(), cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    axis.set_xticks(range(grid.shape[1]), grid.columns, rotation=60, ha="right", fontsize=8)
    names = result.profiles.drop_duplicates("segment_code").set_index("segment_code")["segment_name"]
    axis.set_yticks(range(grid.shape[0]), [f"{code}: {names[code]}" for code in grid.index], fontsize=8)
    figure.colorbar(image, ax=axis, label="(segment mean - population mean) / population std")
    axis.set_title(f"{config.name}: segment profiles")
    return _save(figure, path)


def _save(figure: Figure, path: Path) -> Path:
    """Lay the figure out and write it as a PNG (rendered by Agg)."""
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    return path
