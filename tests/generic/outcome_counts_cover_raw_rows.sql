{#- Fails (one row) when a source file's outcome counts in the model (source_file, outcome, row_count) do not
    add up to the file's raw row count, or the file has no outcome: a raw row dropped or counted twice. -#}
{% test outcome_counts_cover_raw_rows(model, source_file, raw) %}
with raw_rows as (
    select count(*) as row_count from {{ raw }}
),

outcome_rows as (
    select sum(row_count) as row_count from {{ model }} where source_file = '{{ source_file }}'
)

select
    raw_rows.row_count as raw_row_count,
    outcome_rows.row_count as outcome_row_count
from raw_rows
cross join outcome_rows
where outcome_rows.row_count is distinct from raw_rows.row_count
{% endtest %}
