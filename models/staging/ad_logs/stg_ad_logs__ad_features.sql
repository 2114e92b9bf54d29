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
