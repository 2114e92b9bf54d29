{#- Returns one row per raw file whose outcome counts (a count_load_outcomes model) do not add up to the
    file's raw row count: a row dropped silently. -#}
{% macro load_outcomes_missing_raw_rows(outcomes, raw_by_file) -%}
    with raw_counts as (
    {%- for source_file, relation in raw_by_file %}
        select
            '{{ source_file }}' as source_file,
            count(*) as raw_rows
        from {{ relation }}{% if not loop.last %} union all{% endif %}
    {%- endfor %}
    ),

    outcome_counts as (
        select
            source_file,
            sum(row_count) as counted_rows
        from {{ outcomes }}
        group by source_file
    )

    select
        raw_counts.source_file,
        raw_counts.raw_rows,
        outcome_counts.counted_rows
    from raw_counts
    left join outcome_counts
        on raw_counts.source_file = outcome_counts.source_file
    where outcome_counts.counted_rows is distinct from raw_counts.raw_rows
{%- endmacro %}
