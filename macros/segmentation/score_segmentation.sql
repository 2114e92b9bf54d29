{#- Scores any relation holding a segmentation's input columns against its stored scaler and centroids: nearest centroid, plain SQL. -#}
{% macro score_segmentation(relation, segmentation_model, entity_id) %}
    {{ return(adapter.dispatch('score_segmentation', 'audience_segmentation')(relation, segmentation_model, entity_id)) }}
{% endmacro %}

{% macro default__score_segmentation(relation, segmentation_model, entity_id) %}
    {%- if not execute -%}
        select null as {{ adapter.quote(entity_id) }}
    {%- else -%}
    with {{ segmentation_centroid_distances(relation, segmentation_model, entity_id, dbt.type_float()) }},

    ranked as (
        select
            entity_id,
            segment_id,
            segment_code,
            squared_distance,
            row_number() over (partition by entity_id order by squared_distance, segment_id) as distance_rank
        from distances
    )

    select
        entity_id as {{ adapter.quote(entity_id) }},
        segment_id,
        segment_code,
        sqrt(squared_distance) as distance_to_centroid
    from ranked
    where distance_rank = 1
    {%- endif -%}
{% endmacro %}

{% macro duckdb__score_segmentation(relation, segmentation_model, entity_id) %}
    {%- if not execute -%}
        select null as {{ adapter.quote(entity_id) }}
    {%- else -%}
    with {{ segmentation_centroid_distances(relation, segmentation_model, entity_id, 'double') }}

    select
        entity_id as {{ adapter.quote(entity_id) }},
        segment_id,
        segment_code,
        sqrt(squared_distance) as distance_to_centroid
    from distances
    qualify row_number() over (partition by entity_id order by squared_distance, segment_id) = 1
    {%- endif -%}
{% endmacro %}
