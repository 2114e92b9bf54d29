{{ config(materialized='ephemeral') }}

{#-
    Every ad_feature row, typed, with its file, row and first defect (reject_reason null when valid).
    brand holds the literal text 'NULL' for ads without a brand: that becomes a null brand (counted in
    fct_ad_logs_data_quality_checks), not a reject. A blank price becomes null; a negative one rejects.
    Every copy of a repeated adgroup_id is rejected.
-#}
{%- set id_columns = ['adgroup_id', 'cate_id', 'campaign_id', 'customer', 'brand'] -%}
{%- set rules = [] -%}
{%- for column in id_columns -%}
    {%- do rules.append({
        'reason': 'non_integer_' ~ column, 'column': column,
        'failed': loading_is_not_whole_number(column ~ '_text', column),
    }) -%}
    {%- do rules.append({'reason': 'negative_' ~ column, 'column': column, 'failed': column ~ ' < 0'}) -%}
{%- endfor -%}
{%- do rules.extend([
    {'reason': 'missing_adgroup_id', 'column': 'adgroup_id', 'failed': 'adgroup_id is null'},
    {'reason': 'non_numeric_price', 'column': 'price',
     'failed': "raw_price is not null and trim(raw_price) != '' and price is null"},
    {'reason': 'negative_price', 'column': 'price', 'failed': 'price < 0'},
    {'reason': 'duplicate_adgroup_id', 'column': 'adgroup_id',
     'failed': 'count(*) over (partition by adgroup_id) > 1'},
]) -%}

with

source as (
    select * from {{ source('ad_logs', 'ad_feature') }}
),

typed as (
    select
        filename as source_file,
        {{ ad_logs_source_row_number() }} as source_row_number,
        {%- for column in id_columns %}
            {{ column }} as raw_{{ column }},
            {{ loading_present_text(column, null_markers=['NULL']) }} as {{ column }}_text,
            try_cast({{ loading_present_text(column, null_markers=['NULL']) }} as bigint) as {{ column }},
        {%- endfor %}
        cast(price as varchar) as raw_price,
        try_cast(price as double) as price
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
        {%- for column in id_columns %}
            {{ column }},
        {%- endfor %}
        price
    from checked
)

select * from final
