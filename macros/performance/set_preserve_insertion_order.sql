{#- A pre-/post-hook statement that lets a large table write skip keeping its rows in scan order.

    DuckDB keeps insertion order by default, which costs a table written straight from a file scan extra
    work (base_ad_logs__behavior_log read from CSV). Nothing reads that table in row order, so it uses
    pre_hook=false / post_hook=true. Tables written from a hash aggregate (the staged impressions, the user
    aggregate) were measured to gain nothing from it and do not use it. Other adapters have no such
    setting and get a no-op statement. -#}
{% macro set_preserve_insertion_order(enabled) -%}
    {{ return(adapter.dispatch('set_preserve_insertion_order', 'audience_segmentation')(enabled)) }}
{%- endmacro %}

{% macro default__set_preserve_insertion_order(enabled) -%}
    select 1 as preserve_insertion_order_is_duckdb_only
{%- endmacro %}

{% macro duckdb__set_preserve_insertion_order(enabled) -%}
    set preserve_insertion_order = {{ 'true' if enabled else 'false' }}
{%- endmacro %}
