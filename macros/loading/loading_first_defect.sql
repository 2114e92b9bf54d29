{#- The reject columns of a typed row from its ordered checks: the first check that holds gives the raw
    column, its raw value and the reason (all three null when no check holds). Laid out for a select list
    indented by eight spaces. -#}
{% macro loading_first_defect(checks) -%}
    {%- set null_text = "cast(null as varchar)" -%}
    case
    {%- for condition, reason, raw_column in checks %}
            when {{ condition }} then {{ "'" ~ raw_column ~ "'" if raw_column else null_text }}
    {%- endfor %}
        end as reject_column,
        case
    {%- for condition, reason, raw_column in checks %}
            when {{ condition }} then {{ "cast(raw_" ~ raw_column ~ " as varchar)" if raw_column else null_text }}
    {%- endfor %}
        end as rejected_value,
        case
    {%- for condition, reason, raw_column in checks %}
            when {{ condition }} then '{{ reason }}'
    {%- endfor %}
        end as reject_reason
{%- endmacro %}
