{#- Fails (one row) when a raw table's rows differ from its staged rows plus its rows in the source's rejects
    model (the model under test): a row dropped or counted twice. -#}
{% test raw_rows_are_staged_or_rejected(model, source_table, raw, staged, staged_row_count='count(*)') %}
with raw_rows as (
    select count(*) as row_count from {{ raw }}
),

staged_rows as (
    select {{ staged_row_count }} as row_count from {{ staged }}
),

rejected_rows as (
    select count(*) as row_count from {{ model }} where source_table = '{{ source_table }}'
)

select
    raw_rows.row_count as raw_row_count,
    staged_rows.row_count as staged_row_count,
    rejected_rows.row_count as rejected_row_count
from raw_rows
cross join staged_rows
cross join rejected_rows
where raw_rows.row_count != coalesce(staged_rows.row_count, 0) + rejected_rows.row_count
{% endtest %}
