{#- Accent-insensitive comparison form of a text value: accents stripped, lower case, trimmed,
    blank → null. -#}
{% macro hubspot_normalise_text(expression) -%}
    {{ return(adapter.dispatch('hubspot_normalise_text', 'audience_segmentation')(expression)) }}
{%- endmacro %}

{% macro default__hubspot_normalise_text(expression) -%}
    nullif(
        trim(translate(lower({{ expression }}), 'áàäâãéèëêíìïîóòöôõúùüûñç', 'aaaaaeeeeiiiiooooouuuunc')),
        ''
    )
{%- endmacro %}

{% macro duckdb__hubspot_normalise_text(expression) -%}
    nullif(trim(lower(strip_accents({{ expression }}))), '')
{%- endmacro %}
