{#- The trailing clause of a table model's final select that stores its rows in `column` order, so a
    later query filtering a range of that column reads only the row groups in it (DuckDB zone maps).

    DuckDB: `order by column`. Other adapters: nothing (a Spark/Databricks table is laid out by its own
    table properties, e.g. clustering, and a global sort there is a costly shuffle). -#}
{% macro order_rows_for_range_scans(column) -%}
    {{ return(adapter.dispatch('order_rows_for_range_scans', 'audience_segmentation')(column)) }}
{%- endmacro %}

{% macro default__order_rows_for_range_scans(column) -%}
{%- endmacro %}

{% macro duckdb__order_rows_for_range_scans(column) -%}
    order by {{ column }}
{%- endmacro %}
