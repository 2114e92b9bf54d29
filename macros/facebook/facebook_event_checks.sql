{#- The checks every Facebook event row starts with, first defect first, as loading_first_defect checks: each
    id present (missing_id), the time parsed and not after var facebook_as_of, the page known (unknown_page,
    from the row's is_known_page flag). -#}
{% macro facebook_event_checks(id_columns, time_column) -%}
    {%- set checks = [] -%}
    {%- for column in id_columns -%}
        {%- do checks.append((column ~ " is null", "missing_id", column)) -%}
    {%- endfor -%}
    {%- set checks = checks + loading_event_time_checks(time_column, time_column, "facebook_as_of") -%}
    {{ return(checks + [("not is_known_page", "unknown_page", "page_id")]) }}
{%- endmacro %}
