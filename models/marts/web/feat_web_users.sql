with int_web_activity_days_aggregated_to_users as (
    select * from {{ ref('int_web_activity_days_aggregated_to_users') }}
),

int_web_clicks_aggregated_to_users as (
    select * from {{ ref('int_web_clicks_aggregated_to_users') }}
),

int_web_searches_aggregated_to_users as (
    select * from {{ ref('int_web_searches_aggregated_to_users') }}
),

int_web_article_views_aggregated_to_users as (
    select * from {{ ref('int_web_article_views_aggregated_to_users') }}
),

-- Each source is already one row per user, so these joins cannot multiply rows (the seed's fan-out).
joined as (
    select
        activity.user_id,
        coalesce(clicks.click_count, 0) as click_count,
        coalesce(clicks.distinct_page_count, 0) as distinct_page_count,
        coalesce(searches.search_count, 0) as search_count,
        coalesce(searches.distinct_query_count, 0) as distinct_query_count,
        coalesce(articles.article_view_count, 0) as article_view_count,
        coalesce(articles.distinct_article_count, 0) as distinct_article_count,
        clicks.mean_seconds_per_click,
        articles.mean_seconds_per_article_view,
        coalesce(clicks.click_seconds_total, 0) + coalesce(articles.article_seconds_total, 0)
            as total_seconds_spent,
        activity.active_days,
        activity.first_active_at,
        activity.last_active_at,
        clicks.desktop_click_share,
        clicks.mobile_click_share,
        clicks.tablet_click_share,
        clicks.search_referral_share,
        clicks.social_referral_share,
        clicks.direct_traffic_share,
        clicks.other_referral_share,
        clicks.commercial_click_share,
        searches.purchase_query_share
    from int_web_activity_days_aggregated_to_users as activity
    left join int_web_clicks_aggregated_to_users as clicks
        on activity.user_id = clicks.user_id
    left join int_web_searches_aggregated_to_users as searches
        on activity.user_id = searches.user_id
    left join int_web_article_views_aggregated_to_users as articles
        on activity.user_id = articles.user_id
),

with_recency as (
    select
        *,
        -- Recency is measured against the last accepted event in the data, so rebuilds are reproducible.
        date_diff('day', cast(last_active_at as date), cast(max(last_active_at) over () as date))
            as recency_days
    from joined
),

final as (
    select
        cast(user_id as varchar) as user_id,
        cast(click_count as bigint) as click_count,
        cast(distinct_page_count as bigint) as distinct_page_count,
        cast(search_count as bigint) as search_count,
        cast(distinct_query_count as bigint) as distinct_query_count,
        cast(article_view_count as bigint) as article_view_count,
        cast(distinct_article_count as bigint) as distinct_article_count,
        cast(mean_seconds_per_click as double) as mean_seconds_per_click,
        cast(mean_seconds_per_article_view as double) as mean_seconds_per_article_view,
        cast(total_seconds_spent as bigint) as total_seconds_spent,
        cast(active_days as bigint) as active_days,
        cast(recency_days as bigint) as recency_days,
        cast(first_active_at as timestamp) as first_active_at,
        cast(last_active_at as timestamp) as last_active_at,
        cast(desktop_click_share as double) as desktop_click_share,
        cast(mobile_click_share as double) as mobile_click_share,
        cast(tablet_click_share as double) as tablet_click_share,
        cast(search_referral_share as double) as search_referral_share,
        cast(social_referral_share as double) as social_referral_share,
        cast(direct_traffic_share as double) as direct_traffic_share,
        cast(other_referral_share as double) as other_referral_share,
        cast(commercial_click_share as double) as commercial_click_share,
        cast(purchase_query_share as double) as purchase_query_share
    from with_recency
    -- A stable row order makes the engine's seeded samples (and so its run id) reproducible.
    order by user_id
)

select * from final
