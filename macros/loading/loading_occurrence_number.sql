{#- The row's occurrence among the rows equal on `columns`, in file order: 1 for the first, so a later exact
    repeat of a raw row (occurrence > 1) is the duplicate and the first stays. -#}
{% macro loading_occurrence_number(columns) -%}
    row_number() over (partition by {{ columns | join(', ') }} order by source_row_number)
{%- endmacro %}
