{#- Fails (one row) when the model and compare_model, each optionally filtered, differ in row count. -#}
{% test equal_row_count(model, compare_model, where_clause=none, compare_where_clause=none) %}
with model_rows as (
    select count(*) as row_count
    from {{ model }}{% if where_clause %} where {{ where_clause }}{% endif %}
),

compare_rows as (
    select count(*) as row_count
    from {{ compare_model }}{% if compare_where_clause %} where {{ compare_where_clause }}{% endif %}
)

select
    model_rows.row_count as model_row_count,
    compare_rows.row_count as compare_row_count
from model_rows
cross join compare_rows
where model_rows.row_count != compare_rows.row_count
{% endtest %}
