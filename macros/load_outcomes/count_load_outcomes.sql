{#- One row per raw file × outcome ('accepted' or the reject reason) with its row count, from validated
    relations that keep every raw row and carry a reject_reason (null when accepted). -#}
{% macro count_load_outcomes(validated_by_file) -%}
    with outcomes as (
    {%- for source_file, relation in validated_by_file %}
        select
            '{{ source_file }}' as source_file,
            coalesce(reject_reason, 'accepted') as outcome
        from {{ relation }}{% if not loop.last %} union all{% endif %}
    {%- endfor %}
    ),

    counted as (
        select
            source_file,
            outcome,
            count(*) as row_count
        from outcomes
        group by source_file, outcome
    )

    select * from counted
{%- endmacro %}
