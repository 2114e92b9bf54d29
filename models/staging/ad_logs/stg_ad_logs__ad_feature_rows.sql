{{ config(materialized='ephemeral') }}

{#-
    Every ad_feature row, typed, with the first rule it breaks in reject_reason (null when valid).
    brand holds the literal text 'NULL' for ads without a brand: that becomes a null brand_id (counted
    in fct_ad_logs_data_quality_checks), not a reject. A blank price becomes null; a negative one rejects.
-#}
{%- set id_columns = ['adgroup_id', 'cate_id', 'campaign_id', 'customer', 'brand'] -%}

with

source as (
    select * from {{ source('ad_logs', 'ad_feature') }}
),

typed as (
    select
        filename as source_file,
        {%- for column in id_columns %}
            {{ ad_logs_present_text(column) }} as raw_{{ column }},
            try_cast({{ ad_logs_present_text(column) }} as bigint) as {{ column }},
        {%- endfor %}
        cast(price as varchar) as raw_price,
        try_cast(price as double) as price
    from source
),

checked as (
    select
        *,
        case
            {%- for column in id_columns %}
                when {{ ad_logs_is_non_integer('raw_' ~ column, column) }} then 'non_integer_{{ column }}'
                when {{ column }} < 0 then 'negative_{{ column }}'
            {%- endfor %}
            when adgroup_id is null then 'missing_adgroup_id'
            when raw_price is not null and trim(raw_price) != '' and price is null then 'non_numeric_price'
            when price < 0 then 'negative_price'
            when count(*) over (partition by adgroup_id) > 1 then 'duplicate_adgroup_id'
        end as reject_reason
    from typed
),

final as (
    select
        source_file,
        raw_adgroup_id,
        raw_brand,
        raw_price,
        adgroup_id,
        cate_id as category_id,
        campaign_id,
        customer as advertiser_id,
        brand as brand_id,
        price,
        reject_reason
    from checked
)

select * from final
