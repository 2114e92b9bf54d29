{#- A table, not a view like the rest of staging: the impression aggregation joins it and its tests read it,
    and a view would re-parse and re-validate the raw file each time (about 1 s at full scale). -#}
{{ config(materialized='table') }}

with

stg_ad_logs__ad_feature_rows as (
    select * from {{ ref('stg_ad_logs__ad_feature_rows') }}
),

final as (
    select
        adgroup_id,
        category_id,
        campaign_id,
        advertiser_id,
        brand_id,
        price
    from stg_ad_logs__ad_feature_rows
    where reject_reason is null
)

select * from final
