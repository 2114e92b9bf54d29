{#- True when a present raw value is not a whole number: its integer cast failed or differs from its numeric
    value ('12.5', 'abc'; '1e3' reads as 1000 and passes). -#}
{% macro loading_is_not_whole_number(raw_column, integer_column) -%}
    {{ raw_column }} is not null
    and (
        {{ integer_column }} is null
        or try_cast({{ raw_column }} as double) != {{ integer_column }}
    )
{%- endmacro %}
