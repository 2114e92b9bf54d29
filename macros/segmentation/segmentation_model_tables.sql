{#- Reads a segmentation's stored scaler and centroids (numbers as exact text) at execute time. -#}
{% macro segmentation_model_tables(segmentation_model) %}
    {%- set scaler_relation = api.Relation.create(
        database=segmentation_model.database,
        schema=segmentation_model.schema,
        identifier=segmentation_model.identifier ~ '__scaler',
    ) -%}
    {%- set centroids_relation = api.Relation.create(
        database=segmentation_model.database,
        schema=segmentation_model.schema,
        identifier=segmentation_model.identifier ~ '__centroids',
    ) -%}
    {%- set scaler_query -%}
        select
            feature_position,
            feature,
            source_column,
            feature_kind,
            category,
            cast(fill_value as {{ dbt.type_string() }}) as fill_value,
            cast(apply_log1p as {{ dbt.type_string() }}) as apply_log1p,
            cast(clip_lower as {{ dbt.type_string() }}) as clip_lower,
            cast(clip_upper as {{ dbt.type_string() }}) as clip_upper,
            cast(center as {{ dbt.type_string() }}) as center,
            cast(scale as {{ dbt.type_string() }}) as scale
        from {{ scaler_relation }}
        order by feature_position
    {%- endset -%}
    {%- set centroids_query -%}
        select
            segment_id,
            segment_code,
            feature_position,
            cast(centroid_scaled as {{ dbt.type_string() }}) as centroid_scaled
        from {{ centroids_relation }}
        order by segment_id, feature_position
    {%- endset -%}
    {%- set scaler = run_query(scaler_query) -%}
    {%- set centroids = run_query(centroids_query) -%}
    {%- if scaler.rows | length == 0 or centroids.rows | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "score_segmentation: " ~ scaler_relation ~ " or " ~ centroids_relation
            ~ " is empty; build " ~ segmentation_model ~ " first") }}
    {%- endif -%}
    {{ return({'scaler': scaler.rows, 'centroids': centroids.rows}) }}
{% endmacro %}
