"""duckdb_frame: DuckDB → Arrow → pandas with the dtypes and values DuckDB's own ``.df()`` gives."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from python_jobs.arrow_frames import duckdb_frame
from python_jobs.segmentation.dbt_model import load_frame

# Every column type a feature mart can hand the engine; the second row is either all NULL or all values.
FIRST_ROW = (
    "1::integer, 10::bigint, true, 'a', date '2017-05-06', timestamp '2017-05-06 08:00:00', "
    "1.25::decimal(10, 2), 2.5::double, 3::hugeint, 4::utinyint, -5::smallint"
)
NULL_ROW = (
    "null::integer, 20::bigint, null::boolean, null::varchar, null::date, null::timestamp, "
    "null::decimal(10, 2), null::double, null::hugeint, null::utinyint, null::smallint"
)
VALUE_ROW = (
    "2::integer, 20::bigint, false, 'b', date '2017-05-07', timestamp '2017-05-07 09:30:00', "
    "-0.5::decimal(10, 2), -1.0::double, 6::hugeint, 0::utinyint, 7::smallint"
)
COLUMNS = (
    "int_col, bigint_col, bool_col, text_col, date_col, ts_col, dec_col, dbl_col, huge_col, utiny_col, "
    "small_col"
)


@pytest.mark.parametrize("second_row", [NULL_ROW, VALUE_ROW], ids=["with_nulls", "without_nulls"])
def test_same_frame_as_duckdb_df(second_row: str) -> None:
    with duckdb.connect() as connection:
        relation = connection.sql(f"select * from (values ({FIRST_ROW}), ({second_row})) as t({COLUMNS})")
        expected = relation.df()
        converted = duckdb_frame(relation.to_arrow_table())
    assert converted.dtypes.to_dict() == expected.dtypes.to_dict()
    pd.testing.assert_frame_equal(converted, expected)


def test_nullable_integers_stay_exact() -> None:
    big = 2**62 + 1  # not representable as float64
    with duckdb.connect() as connection:
        relation = connection.sql(f"select * from (values ({big}::bigint), (null)) as t(user_id)")
        frame = duckdb_frame(relation.to_arrow_table())
    assert str(frame["user_id"].dtype) == "Int64"
    assert frame["user_id"].iloc[0] == big
    assert frame["user_id"].isna().iloc[1]


def test_empty_result_keeps_columns_and_dtypes() -> None:
    with duckdb.connect() as connection:
        relation = connection.sql("select 1::bigint as user_id, 0.5::double as score where false")
        frame = duckdb_frame(relation.to_arrow_table())
        expected = relation.df()
    assert list(frame.columns) == ["user_id", "score"]
    assert frame.empty
    assert frame.dtypes.to_dict() == expected.dtypes.to_dict()


def test_load_frame_projects_filters_and_orders_through_arrow() -> None:
    with duckdb.connect() as connection:
        connection.execute(
            "create table features as select * from (values (3, 0.3, 'c'), (1, 0.1, null), (2, null, 'b')) "
            "as t(user_id, score, channel)"
        )
        frame = load_frame(
            connection.table("features"), ("user_id", "score"), "user_id > 1", order_by="user_id"
        )
    assert frame["user_id"].tolist() == [2, 3]
    assert frame["score"].isna().tolist() == [True, False]
    assert list(frame.columns) == ["user_id", "score"]
