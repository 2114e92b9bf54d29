{#- The ad-log files' field rules, shared by the staging row models that check them. -#}

{#- A raw field as trimmed text, null when blank or the literal 'NULL' (the public files' missing value). -#}
{% macro ad_logs_present_text(column) -%}
    nullif(nullif(trim(cast({{ column }} as varchar)), ''), 'NULL')
{%- endmacro %}

{#- True when a present raw text is not a whole number: its integer cast failed or differs from its numeric
    value ('12.5', 'abc'; '1e3' reads as 1000 and passes). -#}
{% macro ad_logs_is_non_integer(raw_column, integer_column) -%}
    {{ raw_column }} is not null
    and (
        {{ integer_column }} is null
        or try_cast({{ raw_column }} as double) != {{ integer_column }}
    )
{%- endmacro %}
