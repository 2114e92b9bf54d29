{#- Every non-empty value of a HubSpot history cell joined by single spaces (null when there is none). -#}
{% macro hubspot_history_text(column) -%}
    {{ return(adapter.dispatch('hubspot_history_text', 'audience_segmentation')(column)) }}
{%- endmacro %}

{% macro default__hubspot_history_text(column) -%}
    nullif(array_to_string({{ hubspot_history_values(column) }}, ' '), '')
{%- endmacro %}

{% macro duckdb__hubspot_history_text(column) -%}
    nullif(array_to_string({{ hubspot_history_values(column) }}, ' '), '')
{%- endmacro %}

{% macro spark__hubspot_history_text(column) -%}
    nullif(array_join({{ hubspot_history_values(column) }}, ' '), '')
{%- endmacro %}
