{#- A table, not a view like the rest of staging: the user aggregate joins it and its tests read it, and a
    view would re-parse and re-validate the raw file each time. -#}
{{ config(materialized='table') }}

with

base_ad_logs__ad_feature as (
    select * from {{ ref('base_ad_logs__ad_feature') }}
),

final as (
    select
        adgroup_id,
        cate_id as category_id,
        campaign_id,
        customer as advertiser_id,
        brand as brand_id,
        price
    from base_ad_logs__ad_feature
    where reject_reason is null
)

select * from final
