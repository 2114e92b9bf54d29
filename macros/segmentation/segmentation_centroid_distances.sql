{#- CTEs scaled_input, centroids and distances (one row per entity x segment) for score_segmentation. -#}
{% macro segmentation_centroid_distances(relation, segmentation_model, entity_id, float_type) %}
    {%- set model_tables = segmentation_model_tables(segmentation_model) -%}
    {%- set features = model_tables['scaler'] -%}
    {%- set feature_columns = [] -%}
    {%- set distance_terms = [] -%}
    {%- for feature in features -%}
        {%- set scaled = segmentation_scaled_feature(feature, float_type) -%}
        {%- do feature_columns.append(scaled ~ ' as feature_' ~ loop.index) -%}
        {%- set difference = '(scaled_input.feature_' ~ loop.index
            ~ ' - centroids.centroid_' ~ loop.index ~ ')' -%}
        {%- do distance_terms.append(difference ~ ' * ' ~ difference) -%}
    {%- endfor -%}
    {%- set by_segment = {} -%}
    {%- for row in model_tables['centroids'] -%}
        {%- if row['segment_id'] not in by_segment -%}
            {%- do by_segment.update({row['segment_id']: {'code': row['segment_code'], 'values': []}}) -%}
        {%- endif -%}
        {%- set value_sql = "cast('" ~ row['centroid_scaled'] ~ "' as " ~ float_type ~ ")" -%}
        {%- set position = by_segment[row['segment_id']]['values'] | length + 1 -%}
        {%- do by_segment[row['segment_id']]['values'].append(value_sql ~ ' as centroid_' ~ position) -%}
    {%- endfor -%}
    {%- set centroid_selects = [] -%}
    {%- for segment_id, segment in by_segment.items() -%}
        {%- set code = segment['code'] | replace("'", "''") -%}
        {%- do centroid_selects.append(
            'select ' ~ segment_id ~ " as segment_id, '" ~ code ~ "' as segment_code, "
            ~ segment['values'] | join(', ')
        ) -%}
    {%- endfor -%}
    scaled_input as (
        select
            {{ adapter.quote(entity_id) }} as entity_id,
            {{ feature_columns | join(',\n            ') }}
        from {{ relation }}
    ),

    centroids as (
        {{ centroid_selects | join('\n        union all\n        ') }}
    ),

    distances as (
        select
            scaled_input.entity_id,
            centroids.segment_id,
            centroids.segment_code,
            {{ distance_terms | join('\n            + ') }} as squared_distance
        from scaled_input
        cross join centroids
    )
{%- endmacro %}
