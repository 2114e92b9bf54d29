{#- Each raw column as it was read, renamed raw_<column>, for the rejected_value that loading_first_defect
    reports. Laid out for a select list indented by eight spaces. -#}
{% macro loading_raw_columns(columns) -%}
    {%- for column in columns -%}
        {{ column }} as raw_{{ column }}{% if not loop.last %},
        {% endif %}
    {%- endfor -%}
{%- endmacro %}
