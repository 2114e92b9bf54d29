"""The tables the engine writes: each side table's suffix, columns and DuckDB types, and the engine's columns
of the segment table. The one place they are defined.

The engine builds every side table through ``Table.frame`` (columns exactly these, in this order); the dbt
test ``segmentation_side_tables`` reads them from the ``segmentation_side_table_contract`` model
(``contract_frame``), and the validation suites take their table and column names from here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

# ``<model>__<side table>``: the segment model's name, this separator, the side table's name.
SEPARATOR = "__"
# pandas dtype a pinned column is cast to, by DuckDB type.
PANDAS_DTYPES = {"VARCHAR": "string", "DOUBLE": "float64", "BOOLEAN": "bool", "BIGINT": "Int64"}


@dataclass(frozen=True)
class Column:
    """A column and its DuckDB type. ``pinned`` columns are cast to that type's pandas dtype before they
    are written: they can be entirely empty in a run, and an all-None column would get DuckDB's NULL type."""

    name: str
    data_type: str
    pinned: bool = False

    @property
    def pandas_dtype(self) -> str:
        return PANDAS_DTYPES[self.data_type]


@dataclass(frozen=True)
class Table:
    """A table the engine writes beside (or as) the segment table. ``name`` is empty for the segment table
    itself; ``optional`` tables are written only by some configs and dropped by runs that do not;
    ``keeps_history`` tables keep the rows of every run, the others only the segment table's run."""

    name: str
    grain: str
    columns: tuple[Column, ...]
    optional: bool = False
    keeps_history: bool = False

    @property
    def suffix(self) -> str:
        """What follows the segment model's name in this table's name (empty for the segment table)."""
        return SEPARATOR + self.name if self.name else ""

    def table_name(self, model: str) -> str:
        return model + self.suffix

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def body(self) -> tuple[str, ...]:
        """A side table's columns after ``IDENTIFYING_COLUMNS``: what the engine builds before ``frame``."""
        return self.column_names[len(IDENTIFYING_COLUMNS) :]

    def column(self, name: str) -> str:
        """``name``, checked to be one of this table's columns (for code that reads the table)."""
        if name not in self.column_names:
            raise KeyError(f"{self.name or 'segment table'} has no column {name!r}: {self.column_names}")
        return name

    def frame(self, body: pd.DataFrame, segmentation: str, run_id: str) -> pd.DataFrame:
        """The side table as written: ``segmentation`` and ``run_id`` first, then ``body``, whose columns
        must be this table's others in order; pinned columns typed, index fresh."""
        if tuple(body.columns) != self.body:
            raise ValueError(
                f"side table {self.name}: columns {list(body.columns)} != contract {list(self.body)}"
            )
        table = body.reset_index(drop=True)
        for column in self.columns:
            if column.pinned:
                table[column.name] = table[column.name].astype(column.pandas_dtype)
        table.insert(0, IDENTIFYING_COLUMNS[0], segmentation)
        table.insert(1, IDENTIFYING_COLUMNS[1], run_id)
        return table


# Every side table starts with these, constant within a run.
IDENTIFYING_COLUMNS = ("segmentation", "run_id")
_IDENTIFYING = tuple(Column(name, "VARCHAR") for name in IDENTIFYING_COLUMNS)

# The engine's columns of ``seg_<name>``, after the entity id (then pca_*, passthrough, derived columns).
SEGMENTS = Table(
    name="",
    grain="one row per entity",
    columns=(
        Column("segment_id", "BIGINT"),
        Column("segment_code", "VARCHAR"),
        Column("segment_name", "VARCHAR"),
        Column("marketing_action", "VARCHAR"),
        Column("distance_to_centroid", "DOUBLE"),
        Column("run_id", "VARCHAR"),
    ),
)

# What ``profiles.build_profiles`` returns; the assembly adds each segment's code and name.
PROFILE_STATISTICS = (
    Column("segment_id", "BIGINT"),
    Column("n", "BIGINT"),
    Column("share", "DOUBLE"),
    Column("feature", "VARCHAR"),
    Column("is_clustered", "BOOLEAN"),
    Column("mean", "DOUBLE", pinned=True),
    Column("std", "DOUBLE", pinned=True),
    Column("population_mean", "DOUBLE"),
    Column("population_std", "DOUBLE"),
    Column("lift", "DOUBLE", pinned=True),
    Column("std_difference", "DOUBLE", pinned=True),
)
PROFILES = Table(
    name="profiles",
    grain="one row per segment and profiled column",
    columns=(
        *_IDENTIFYING,
        *PROFILE_STATISTICS,
        Column("segment_code", "VARCHAR"),
        Column("segment_name", "VARCHAR"),
        # Why the labels seed's name for the segment was not applied (its profile does not support it).
        Column("name_warning", "VARCHAR", pinned=True),
    ),
)

CENTROIDS = Table(
    name="centroids",
    grain="one row per segment and model feature",
    columns=(
        *_IDENTIFYING,
        Column("segment_id", "BIGINT"),
        Column("segment_code", "VARCHAR"),
        Column("feature_position", "BIGINT"),
        Column("feature", "VARCHAR"),
        Column("centroid_scaled", "DOUBLE"),
        Column("centroid_unscaled", "DOUBLE"),
    ),
)

SCALER = Table(
    name="scaler",
    grain="one row per model feature",
    columns=(
        *_IDENTIFYING,
        Column("feature_position", "BIGINT"),
        Column("feature", "VARCHAR"),
        Column("source_column", "VARCHAR"),
        Column("feature_kind", "VARCHAR"),
        Column("category", "VARCHAR", pinned=True),
        Column("fill_value", "DOUBLE", pinned=True),
        Column("apply_log1p", "BOOLEAN", pinned=True),
        Column("clip_lower", "DOUBLE", pinned=True),
        Column("clip_upper", "DOUBLE", pinned=True),
        Column("center", "DOUBLE"),
        Column("scale", "DOUBLE"),
    ),
)

# What ``selection.sweep`` returns; the assembly adds the algorithm.
K_SWEEP = (
    Column("k", "BIGINT"),
    Column("inertia", "DOUBLE"),
    Column("silhouette", "DOUBLE", pinned=True),
    Column("calinski_harabasz", "DOUBLE", pinned=True),
    Column("davies_bouldin", "DOUBLE", pinned=True),
    Column("ward_merge_height", "DOUBLE", pinned=True),
    Column("ward_gap", "DOUBLE", pinned=True),
    Column("elbow_distance", "DOUBLE", pinned=True),
    Column("aic", "DOUBLE", pinned=True),
    Column("bic", "DOUBLE", pinned=True),
    Column("ward_sample_agreement", "DOUBLE", pinned=True),
    Column("n_rows_swept", "BIGINT"),
    Column("silhouette_sample_rows", "BIGINT"),
    # The fit's restarts (k-means, mixtures; null for Ward): on the chosen k's row, those of the fit on
    # every row when the sweep ran on a sample. second_best_objective: the best restart of another optimum.
    Column("restarts_used", "BIGINT", pinned=True),
    Column("best_objective", "DOUBLE", pinned=True),
    Column("second_best_objective", "DOUBLE", pinned=True),
    Column("rule", "VARCHAR"),
    Column("is_chosen", "BOOLEAN"),
)
K_SELECTION = Table(
    name="k_selection",
    grain="one row per k tried",
    columns=(*_IDENTIFYING, *K_SWEEP, Column("algorithm", "VARCHAR")),
)

LINEAGE = Table(
    name="lineage",
    grain="one row per run and segment id of that run or the run before it",
    columns=(
        *_IDENTIFYING,
        Column("segment_id", "BIGINT"),
        Column("status", "VARCHAR"),
        Column("previous_run_id", "VARCHAR", pinned=True),
        Column("match_distance", "DOUBLE", pinned=True),
        Column("max_segment_id_issued", "BIGINT"),
    ),
    keeps_history=True,
)

WARD_LINKAGE = Table(
    name="ward_linkage",
    grain="one row per merge of the Ward tree of a seeded sample",
    columns=(
        *_IDENTIFYING,
        Column("merge_step", "BIGINT"),
        Column("left_node", "BIGINT"),
        Column("right_node", "BIGINT"),
        Column("merge_height", "DOUBLE"),
        Column("merged_size", "BIGINT"),
        Column("sample_rows", "BIGINT"),
    ),
    optional=True,
)

SIDE_TABLES = (PROFILES, CENTROIDS, SCALER, K_SELECTION, LINEAGE, WARD_LINKAGE)
# The side tables a scoring run replays the previous fit from.
STORED_MODEL = (SCALER, CENTROIDS, K_SELECTION, LINEAGE)


def names(columns: tuple[Column, ...]) -> tuple[str, ...]:
    return tuple(column.name for column in columns)


def contract_frame() -> pd.DataFrame:
    """The contract as rows: one per table and column (``table_suffix`` empty for the segment table)."""
    rows = [
        {
            "table_suffix": table.suffix,
            "table_grain": table.grain,
            "is_optional": table.optional,
            "column_position": position,
            "column_name": column.name,
            "data_type": column.data_type,
        }
        for table in (SEGMENTS, *SIDE_TABLES)
        for position, column in enumerate(table.columns, start=1)
    ]
    return pd.DataFrame(rows)
