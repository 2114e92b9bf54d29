{#- One stored scaler row as plain SQL: fill, log1p, clip or one-hot, then (x - center) / scale. -#}
{% macro segmentation_scaled_feature(row, float_type) %}
    {%- set column = adapter.quote(row['source_column']) -%}
    {%- if row['feature_kind'] == 'one_hot' -%}
        {%- set category = row['category'] | replace("'", "''") -%}
        {%- set value = "case when coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '') = '"
            ~ category ~ "' then 1.0 else 0.0 end" -%}
    {%- else -%}
        {%- set fill = "cast('" ~ row['fill_value'] ~ "' as " ~ float_type ~ ")" -%}
        {%- set value = "coalesce(cast(" ~ column ~ " as " ~ float_type ~ "), " ~ fill ~ ")" -%}
        {%- if row['apply_log1p'] in [true, 'true', 'True'] -%}
            {%- set value = "ln(1 + " ~ value ~ ")" -%}
        {%- endif -%}
        {%- if row['clip_lower'] is not none -%}
            {%- set lower = "cast('" ~ row['clip_lower'] ~ "' as " ~ float_type ~ ")" -%}
            {%- set upper = "cast('" ~ row['clip_upper'] ~ "' as " ~ float_type ~ ")" -%}
            {%- set value = "least(greatest(" ~ value ~ ", " ~ lower ~ "), " ~ upper ~ ")" -%}
        {%- endif -%}
    {%- endif -%}
    ({{ value }} - cast('{{ row['center'] }}' as {{ float_type }})) / cast('{{ row['scale'] }}' as {{ float_type }})
{%- endmacro %}
