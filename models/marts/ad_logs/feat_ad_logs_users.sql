with

int_ad_logs_user_impressions_aggregated as (
    select * from {{ ref('int_ad_logs_user_impressions_aggregated') }}
),

int_ad_logs_user_behaviour_aggregated as (
    select * from {{ ref('int_ad_logs_user_behaviour_aggregated') }}
),

stg_ad_logs__user_profiles as (
    select * from {{ ref('stg_ad_logs__user_profiles') }}
),

final as (
    select
        impressions.user_id,
        impressions.impression_count,
        impressions.click_count,
        impressions.click_through_rate,
        impressions.active_day_count,
        impressions.distinct_ad_count,
        impressions.distinct_category_count,
        impressions.distinct_brand_count,
        impressions.distinct_campaign_count,
        impressions.primary_pid_share,
        impressions.mean_clicked_ad_price,
        impressions.first_display_date,
        impressions.last_display_date,
        coalesce(behaviour.behaviour_event_count, 0) as behaviour_event_count,
        coalesce(behaviour.page_view_count, 0) as page_view_count,
        coalesce(behaviour.cart_count, 0) as cart_count,
        coalesce(behaviour.favourite_count, 0) as favourite_count,
        coalesce(behaviour.purchase_count, 0) as purchase_count,
        profiles.user_id is not null as has_profile,
        profiles.gender_code,
        profiles.age_level,
        profiles.pvalue_level,
        profiles.shopping_level,
        profiles.occupation_code = 1 as is_college_student,
        profiles.new_user_class_level,
        profiles.cms_group_id
    from int_ad_logs_user_impressions_aggregated as impressions
    left join int_ad_logs_user_behaviour_aggregated as behaviour
        on impressions.user_id = behaviour.user_id
    left join stg_ad_logs__user_profiles as profiles
        on impressions.user_id = profiles.user_id
    -- Stored in user order: the hash aggregate's row order varies run to run, and KMeans (k-means++
    -- initialisation over row positions) would then give slightly different partitions for the same data.
    order by impressions.user_id
)

select * from final
