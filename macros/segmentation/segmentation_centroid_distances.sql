{#- CTEs scaled_input, centroids and distances (one row per entity x segment) for score_segmentation. -#}
{% macro segmentation_centroid_distances(relation, segmentation_model, entity_id, float_type) %}
    {%- set model_tables = segmentation_model_tables(segmentation_model) -%}
    {%- set features = model_tables['scaler'] -%}
    {%- set by_segment = {} -%}
    {%- for row in model_tables['centroids'] -%}
        {%- if row['segment_id'] not in by_segment -%}
            {%- do by_segment.update({row['segment_id']: {'code': row['segment_code'], 'values': []}}) -%}
        {%- endif -%}
        {%- do by_segment[row['segment_id']]['values'].append(row['centroid_scaled']) -%}
    {%- endfor -%}
    scaled_input as (
        select
            {{ adapter.quote(entity_id) }} as entity_id,
            {%- for feature in features %}
            {{ segmentation_scaled_feature(feature, float_type) }} as feature_{{ loop.index }}{{ "," if not loop.last }}
            {%- endfor %}
        from {{ relation }}
    ),

    centroids as (
        {%- for segment_id, segment in by_segment.items() %}
        select
            {{ segment_id }} as segment_id,
            '{{ segment['code'] | replace("'", "''") }}' as segment_code,
            {%- for value in segment['values'] %}
            cast('{{ value }}' as {{ float_type }}) as centroid_{{ loop.index }}{{ "," if not loop.last }}
            {%- endfor %}
        {{ "union all" if not loop.last }}
        {%- endfor %}
    ),

    distances as (
        select
            scaled_input.entity_id,
            centroids.segment_id,
            centroids.segment_code,
            {%- for feature in features %}
            (scaled_input.feature_{{ loop.index }} - centroids.centroid_{{ loop.index }})
            * (scaled_input.feature_{{ loop.index }} - centroids.centroid_{{ loop.index }})
            {{- " +" if not loop.last }}
            {%- endfor %} as squared_distance
        from scaled_input
        cross join centroids
    )
{%- endmacro %}
