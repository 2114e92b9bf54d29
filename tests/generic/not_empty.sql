{#- Fails (one row) when the model, optionally filtered, has no rows. -#}
{% test not_empty(model, where_clause=none) %}
select 1 as is_empty
from (
    select count(*) as row_count
    from {{ model }}{% if where_clause %} where {{ where_clause }}{% endif %}
) as counted
where counted.row_count = 0
{% endtest %}
