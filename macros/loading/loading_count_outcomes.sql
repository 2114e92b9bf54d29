{#- One row per source file × outcome ('accepted' or the reject reason) with its raw row count, from typed
    models that keep every raw row with its source_file and reject_reason. -#}
{% macro loading_count_outcomes(typed_relations) -%}
    with outcomes as (
    {%- for relation in typed_relations %}
        select
            source_file,
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
