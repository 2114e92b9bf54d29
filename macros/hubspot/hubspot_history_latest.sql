{#- The latest (last) non-empty value of a HubSpot history cell, or null when the cell holds none. -#}
{% macro hubspot_history_latest(column) -%}
    {{ return(adapter.dispatch('hubspot_history_latest', 'audience_segmentation')(column)) }}
{%- endmacro %}

{% macro default__hubspot_history_latest(column) -%}
    {#- PostgreSQL-style 1-based arrays; indexing past the end gives null. -#}
    ({{ hubspot_history_values(column) }})[cardinality({{ hubspot_history_values(column) }})]
{%- endmacro %}

{% macro duckdb__hubspot_history_latest(column) -%}
    list_extract({{ hubspot_history_values(column) }}, -1)
{%- endmacro %}

{% macro spark__hubspot_history_latest(column) -%}
    {#- Spark's element_at fails on an empty array under ANSI mode, so guard the size. -#}
    case
        when size({{ hubspot_history_values(column) }}) > 0
            then element_at({{ hubspot_history_values(column) }}, -1)
    end
{%- endmacro %}
