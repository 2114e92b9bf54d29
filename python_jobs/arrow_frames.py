"""DuckDB results to pandas through Arrow.

DuckDB's own ``.df()`` copies every column into pandas itself; Arrow hands most columns over without a
copy, several times faster for a wide feature mart. ``duckdb_frame`` gives the dtypes ``.df()`` gives, so
code written against one runs on the other.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa

# Nullable pandas dtypes keep big integer ids exact (no float64 round trip) and NULLs visible.
NULLABLE_TYPES: dict[pa.DataType, Any] = {
    pa.int8(): pd.Int8Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.uint8(): pd.UInt8Dtype(),
    pa.uint16(): pd.UInt16Dtype(),
    pa.uint32(): pd.UInt32Dtype(),
    pa.uint64(): pd.UInt64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


def _column(column: pa.ChunkedArray) -> pd.Series:
    kind = column.type
    if kind in NULLABLE_TYPES:
        # DuckDB: a plain numpy column without NULLs, a nullable one with them (Arrow would give float64
        # or object).
        return column.to_pandas(types_mapper=NULLABLE_TYPES.get if column.null_count else None)
    if pa.types.is_date(kind):
        return column.cast(pa.timestamp("us")).to_pandas()
    if pa.types.is_decimal(kind):
        return column.cast(pa.float64()).to_pandas()
    return column.to_pandas()


def duckdb_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table from DuckDB as the frame DuckDB's ``.df()`` returns: integers and booleans stay
    numpy columns unless they hold NULLs (then pandas' nullable dtypes), dates become ``datetime64[us]``,
    decimals (and HUGEINT) ``float64``; text, floats and timestamps convert as Arrow converts them."""
    return pd.DataFrame(
        {name: _column(column) for name, column in zip(table.column_names, table.columns, strict=True)},
        index=pd.RangeIndex(table.num_rows),
    )
