{{
    config(
        pre_hook="{{ set_preserve_insertion_order(false) }}",
        post_hook="{{ set_preserve_insertion_order(true) }}",
    )
}}

{#-
    The single pass over the impression log: every display joined to its ad's attributes, aggregated per
    user. Displays of ad groups missing from ad_feature still count (their category/brand/price are null).
-#}
{%- set primary_pid = var('ad_logs_primary_pid', '430548_1007') -%}

with

stg_ad_logs__impressions as (
    select * from {{ ref('stg_ad_logs__impressions') }}
),

stg_ad_logs__ad_features as (
    select * from {{ ref('stg_ad_logs__ad_features') }}
),

impressions_with_ads as (
    select
        stg_ad_logs__impressions.user_id,
        stg_ad_logs__impressions.adgroup_id,
        stg_ad_logs__impressions.pid,
        stg_ad_logs__impressions.display_date,
        stg_ad_logs__impressions.is_clicked,
        stg_ad_logs__ad_features.category_id,
        stg_ad_logs__ad_features.brand_id,
        stg_ad_logs__ad_features.campaign_id,
        stg_ad_logs__ad_features.price
    from stg_ad_logs__impressions
    left join stg_ad_logs__ad_features
        on stg_ad_logs__impressions.adgroup_id = stg_ad_logs__ad_features.adgroup_id
),

aggregated as (
    select
        user_id,
        count(*) as impression_count,
        count(*) filter (where is_clicked) as click_count,
        count(distinct display_date) as active_day_count,
        count(distinct adgroup_id) as distinct_ad_count,
        count(distinct category_id) as distinct_category_count,
        count(distinct brand_id) as distinct_brand_count,
        count(distinct campaign_id) as distinct_campaign_count,
        count(*) filter (where pid = '{{ primary_pid }}') as primary_pid_impression_count,
        -- Summed as exact decimals: a parallel sum of doubles differs in the last bits between runs, and
        -- the segmentation run id hashes this column (decimal(38, 6): prices below 1e32, rounded to 1e-6).
        cast(avg(cast(price as decimal(38, 6))) filter (where is_clicked) as double) as mean_clicked_ad_price,
        min(display_date) as first_display_date,
        max(display_date) as last_display_date
    from impressions_with_ads
    group by user_id
),

final as (
    select
        user_id,
        impression_count,
        click_count,
        cast(click_count as double) / impression_count as click_through_rate,
        active_day_count,
        distinct_ad_count,
        distinct_category_count,
        distinct_brand_count,
        distinct_campaign_count,
        cast(primary_pid_impression_count as double) / impression_count as primary_pid_share,
        mean_clicked_ad_price,
        first_display_date,
        last_display_date
    from aggregated
)

select * from final
