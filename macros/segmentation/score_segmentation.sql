{#- Scores a relation with a segmentation's input columns: nearest stored centroid, in plain SQL. -#}
{% macro score_segmentation(relation, segmentation_model, entity_id) %}
    {%- set implementation = adapter.dispatch('score_segmentation', 'audience_segmentation') -%}
    {{ return(implementation(relation, segmentation_model, entity_id)) }}
{% endmacro %}

{#- Standard SQL in double precision: dbt.type_float() is a 4-byte float on DuckDB. -#}
{% macro default__score_segmentation(relation, segmentation_model, entity_id) %}
    {%- if not execute -%}
        select null as {{ adapter.quote(entity_id) }}
    {%- else %}
    with {{ segmentation_centroid_distances(relation, segmentation_model, entity_id, 'double precision') }},

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
    {%- else %}
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
