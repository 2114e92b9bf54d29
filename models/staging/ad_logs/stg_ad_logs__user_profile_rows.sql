{{ config(materialized='ephemeral') }}

{#-
    Every user_profile row, typed, with the first rule it breaks in reject_reason (null when valid).
    The last header is 'new_user_class_level ' with a trailing space in the public files (DuckDB's CSV
    reader trims it, Parquet keeps it), so that column is selected by name pattern. Blank or literal
    'NULL' level fields become null (counted in fct_ad_logs_data_quality_checks, not rejected); a
    non-blank level that is not an integer rejects the row.
-#}
{%- set level_columns = [
    'cms_segid', 'cms_group_id', 'final_gender_code', 'age_level', 'pvalue_level',
    'shopping_level', 'occupation', 'new_user_class_level',
] -%}

with

source as (
    select
        filename,
        userid,
        {%- for column in level_columns if column != 'new_user_class_level' %}
            {{ column }},
        {%- endfor %}
        columns('^new_user_class_level *$') as new_user_class_level
    from {{ source('ad_logs', 'user_profile') }}
),

typed as (
    select
        filename as source_file,
        cast(userid as varchar) as raw_userid,
        try_cast(userid as bigint) as user_id,
        try_cast(userid as double) = try_cast(userid as bigint) as is_integer_user,
        {%- for column in level_columns %}
            {{ ad_logs_present_text(column) }} as raw_{{ column }},
            try_cast({{ ad_logs_present_text(column) }} as integer)
                as {{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from source
),

checked as (
    select
        *,
        case
            when user_id is null or not is_integer_user then 'non_integer_user_id'
            when user_id < 0 then 'negative_user_id'
            {%- for column in level_columns %}
                when {{ ad_logs_is_non_integer('raw_' ~ column, column) }} then 'non_integer_{{ column }}'
            {%- endfor %}
            when count(*) over (partition by user_id) > 1 then 'duplicate_user_id'
        end as reject_reason
    from typed
),

final as (
    select
        source_file,
        raw_userid,
        {%- for column in level_columns %}
            raw_{{ column }},
        {%- endfor %}
        user_id,
        cms_segid,
        cms_group_id,
        final_gender_code as gender_code,
        age_level,
        pvalue_level,
        shopping_level,
        occupation as occupation_code,
        new_user_class_level,
        reject_reason
    from checked
)

select * from final
