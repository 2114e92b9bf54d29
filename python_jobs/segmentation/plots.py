"""The plots of a segmentation run, drawn from the warehouse by the reports job (``python -m
python_jobs.reports``): k-selection curves, truncated dendrogram, PCA scatter, profile heatmap.

``dbt build`` only stores what they need: the ``<model>__k_selection`` and ``<model>__profiles`` side
tables, the segment table's ``pca_1`` / ``pca_2`` columns, and, for a segmentation with ``plots: true``,
``<model>__ward_linkage`` (the Ward tree of a seeded sample). Drawing outside the model keeps files off
the build's critical path and keeps the models free of local-disk side effects, which a Python model on a
Spark cluster would not have.

Figures are built with matplotlib's object API (``Figure``, rendered by the Agg canvas on save), not
``pyplot``, whose figure registry is process-wide: the functions are safe to call from several threads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy.cluster.hierarchy import dendrogram

from python_jobs.segmentation import contract
from python_jobs.segmentation.selection import linkage_matrix
from python_jobs.sql_names import qualified_name, schema_tables

SCATTER_POINTS = 5_000


@dataclass(frozen=True)
class PlotInputs:
    """What the four plots of one segmentation run show, read back from the warehouse."""

    name: str  # the segmentation's name: the plots' folder
    run_id: str
    k_selection: pd.DataFrame  # <model>__k_selection
    profiles: pd.DataFrame  # <model>__profiles
    scatter: pd.DataFrame  # pca_1, pca_2, segment_code, segment_name: a sample of the segment table's rows
    linkage: np.ndarray  # scipy linkage matrix of the seeded sample (<model>__ward_linkage)

    @property
    def chosen_k(self) -> int:
        return int(self.k_selection.loc[self.k_selection["is_chosen"].astype(bool), "k"].iloc[0])

    @property
    def rule(self) -> str:
        return str(self.k_selection["rule"].iloc[0])


def read_plot_inputs(connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> PlotInputs | None:
    """The plot inputs of segment table ``schema.table``; None when it has no ``__ward_linkage`` side table
    (``plots`` is off) or that table comes from another run than the segment table (plots turned off since).
    """

    def relation(name: str) -> str:
        return qualified_name(schema, name)

    tables = schema_tables(connection, schema)
    ward_linkage, k_selection, profiles = (
        side.table_name(table) for side in (contract.WARD_LINKAGE, contract.K_SELECTION, contract.PROFILES)
    )
    if not {ward_linkage, k_selection, profiles} <= tables:
        return None
    linkage = connection.execute(f"select * from {relation(ward_linkage)}").df()
    run_ids = connection.execute(f"select distinct run_id from {relation(table)}").fetchall()
    if linkage.empty or [(linkage["run_id"].iloc[0],)] != run_ids:
        return None
    # A uniform sample that does not depend on the table's row order: rows ordered by a hash of what is
    # drawn (rows with equal hashes draw the same point).
    scatter = connection.execute(
        f"""
        select pca_1, pca_2, segment_code, segment_name
        from {relation(table)}
        order by hash(pca_1, pca_2, segment_code), pca_1, pca_2, segment_code
        limit {SCATTER_POINTS}
        """
    ).df()
    return PlotInputs(
        name=str(linkage["segmentation"].iloc[0]),
        run_id=str(linkage["run_id"].iloc[0]),
        k_selection=connection.execute(f"select * from {relation(k_selection)}").df(),
        profiles=connection.execute(f"select * from {relation(profiles)}").df(),
        scatter=scatter,
        linkage=linkage_matrix(linkage),
    )


def write_plots(inputs: PlotInputs, out_dir: Path) -> list[Path]:
    """Write the four PNGs under ``out_dir`` and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [
        _k_selection(inputs, out_dir / "k_selection.png"),
        _dendrogram(inputs, out_dir / "dendrogram.png"),
        _pca_scatter(inputs, out_dir / "pca_scatter.png"),
        _profile_heatmap(inputs, out_dir / "profile_heatmap.png"),
    ]


def _k_selection(inputs: PlotInputs, path: Path) -> Path:
    table = inputs.k_selection.sort_values("k")
    figure = Figure(figsize=(14, 4))
    axes = figure.subplots(1, 3)
    panels = (("inertia", "inertia (elbow)"), ("silhouette", "silhouette"), ("ward_gap", "Ward merge gap"))
    for axis, (column, title) in zip(axes, panels, strict=True):
        values = table[column].astype("float64")
        if values.notna().any():
            axis.plot(table["k"], values, marker="o")
        axis.axvline(inputs.chosen_k, color="tab:red", linestyle="--", label=f"chosen k={inputs.chosen_k}")
        axis.set_title(title)
        axis.set_xlabel("k")
        axis.legend()
    figure.suptitle(f"{inputs.name}: k selection (rule {inputs.rule})")
    return _save(figure, path)


def _dendrogram(inputs: PlotInputs, path: Path) -> Path:
    figure = Figure(figsize=(12, 5))
    axis = figure.subplots()
    dendrogram(inputs.linkage, truncate_mode="lastp", p=30, ax=axis, no_labels=True)
    axis.set_title(f"{inputs.name}: Ward dendrogram (seeded sample of {len(inputs.linkage) + 1} rows)")
    axis.set_ylabel("merge height")
    return _save(figure, path)


def _pca_scatter(inputs: PlotInputs, path: Path) -> Path:
    points = inputs.scatter
    figure = Figure(figsize=(9, 7))
    axis = figure.subplots()
    for code, name in sorted(set(zip(points["segment_code"], points["segment_name"], strict=True))):
        mask = (points["segment_code"] == code).to_numpy()
        axis.scatter(
            points["pca_1"].to_numpy()[mask], points["pca_2"].to_numpy()[mask], s=6, label=f"{code}: {name}"
        )
    axis.set_xlabel("PC 1")
    axis.set_ylabel("PC 2")
    axis.set_title(f"{inputs.name}: segments on the first two principal components ({len(points)} rows)")
    axis.legend(fontsize=7, markerscale=2)
    return _save(figure, path)


def _profile_heatmap(inputs: PlotInputs, path: Path) -> Path:
    profiles = inputs.profiles[inputs.profiles["is_clustered"].astype(bool)]
    grid = profiles.pivot_table(index="segment_code", columns="feature", values="std_difference").fillna(0.0)
    figure = Figure(figsize=(max(8, 0.6 * grid.shape[1]), max(3, 0.5 * grid.shape[0] + 1)))
    axis = figure.subplots()
    limit = float(np.nanmax(np.abs(grid.to_numpy()))) or 1.0
    image = axis.imshow(grid.to_numpy(), cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    axis.set_xticks(range(grid.shape[1]), grid.columns, rotation=60, ha="right", fontsize=8)
    names = inputs.profiles.drop_duplicates("segment_code").set_index("segment_code")["segment_name"]
    axis.set_yticks(range(grid.shape[0]), [f"{code}: {names[code]}" for code in grid.index], fontsize=8)
    figure.colorbar(image, ax=axis, label="(segment mean - population mean) / population std")
    axis.set_title(f"{inputs.name}: segment profiles")
    return _save(figure, path)


def _save(figure: Figure, path: Path) -> Path:
    """Lay the figure out and write it as a PNG (rendered by Agg)."""
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    return path
