{{ config(materialized='ephemeral') }}

{#-
    Every user_profile row, typed, with its file, row and first defect (reject_reason null when valid).
    The last header is 'new_user_class_level ' with a trailing space in the public files (DuckDB's CSV
    reader trims it, Parquet keeps it), so that column is selected by name pattern and named without the
    space in reject_column. Blank or literal 'NULL' level fields become null (counted in
    fct_ad_logs_data_quality_checks, not rejected); a non-blank level that is not an integer rejects the
    row. Every copy of a repeated userid is rejected: the right one cannot be told.
-#}
{%- set level_columns = ad_logs_profile_level_columns() | map('first') | list -%}
{%- set rules = [
    {'reason': 'non_integer_user_id', 'column': 'userid',
     'failed': 'user_id is null or (' ~ loading_is_not_whole_number('raw_userid', 'user_id') ~ ')'},
    {'reason': 'negative_user_id', 'column': 'userid', 'failed': 'user_id < 0'},
] -%}
{%- for column in level_columns -%}
    {%- do rules.append({
        'reason': 'non_integer_' ~ column, 'column': column,
        'failed': loading_is_not_whole_number(column ~ '_text', column),
    }) -%}
{%- endfor -%}
{%- do rules.append({
    'reason': 'duplicate_user_id', 'column': 'userid', 'failed': 'count(*) over (partition by user_id) > 1',
}) -%}

with

source as (
    select
        filename,
        {{ ad_logs_source_row_number() }} as source_row_number,
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
        source_row_number,
        userid as raw_userid,
        try_cast(userid as bigint) as user_id,
        {%- for column in level_columns %}
            {{ column }} as raw_{{ column }},
            {{ loading_present_text(column, null_markers=['NULL']) }} as {{ column }}_text,
            try_cast({{ loading_present_text(column, null_markers=['NULL']) }} as integer)
                as {{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from source
),

checked as (
    select
        *,
        {{ ad_logs_reject_reason(rules) }} as reject_reason
    from typed
),

final as (
    select
        source_file,
        source_row_number,
        {{ ad_logs_reject_details(rules) }},
        reject_reason,
        user_id,
        {%- for column in level_columns %}
            {{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from checked
)

select * from final
