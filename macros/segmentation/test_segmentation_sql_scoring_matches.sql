{#- Fails on every segment-table row whose SQL score differs from the engine's segment or distance. -#}
{#- variant='default' runs the portable default__ implementation instead of the adapter's own. -#}
{% test segmentation_sql_scoring_matches(model, features, entity_id, tolerance=1e-9, variant=none) -%}
    with segment_table as (
        select * from {{ model }}
    ),

    sql_scored as (
    {%- if variant == 'default' %}
        {{ default__score_segmentation(features, model, entity_id) }}
    {%- else %}
        {{ score_segmentation(features, model, entity_id) }}
    {%- endif %}
    ),

    compared as (
        select
            segment_table.{{ adapter.quote(entity_id) }} as entity_id,
            segment_table.segment_id as python_segment_id,
            sql_scored.segment_id as sql_segment_id,
            segment_table.distance_to_centroid as python_distance,
            sql_scored.distance_to_centroid as sql_distance
        from segment_table
        left join sql_scored
            on segment_table.{{ adapter.quote(entity_id) }} = sql_scored.{{ adapter.quote(entity_id) }}
    )

    select *
    from compared
    where sql_segment_id is null
        or python_segment_id != sql_segment_id
        or abs(python_distance - sql_distance) > {{ tolerance }}
{%- endtest %}
