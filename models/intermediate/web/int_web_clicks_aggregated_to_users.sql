with stg_web__clicks as (
    select * from {{ ref('stg_web__clicks') }}
),

web_referrer_channels as (
    select * from {{ ref('web_referrer_channels') }}
),

web_page_sections as (
    select * from {{ ref('web_page_sections') }}
),

accepted_clicks as (
    select
        user_id,
        clicked_at,
        page_url,
        device_type,
        time_spent_seconds,
        regexp_extract(lower(referrer_url), '^(?:[a-z]+://)?(?:www\.)?([^/:?#]+)', 1) as referrer_host,
        regexp_extract(lower(page_url), '^(?:[a-z]+://)?[^/]+/([^/?#]+)', 1) as page_section
    from stg_web__clicks
),

channelled_clicks as (
    select
        accepted_clicks.*,
        -- No referrer is direct traffic; a referrer the lookup does not know counts as 'other'.
        case
            when accepted_clicks.referrer_host is null or accepted_clicks.referrer_host = '' then 'direct'
            else coalesce(web_referrer_channels.referrer_channel, 'other')
        end as referrer_channel,
        -- A section the lookup does not know is not commercial.
        coalesce(web_page_sections.is_commercial, false) as is_commercial_page
    from accepted_clicks
    left join web_referrer_channels
        on accepted_clicks.referrer_host = web_referrer_channels.referrer_host
    left join web_page_sections
        on accepted_clicks.page_section = web_page_sections.page_section
),

aggregated as (
    select
        user_id,
        count(*) as click_count,
        count(distinct page_url) as distinct_page_count,
        sum(time_spent_seconds) as click_seconds_total,
        avg(time_spent_seconds) as mean_seconds_per_click,
        avg(case when device_type = 'desktop' then 1.0 else 0.0 end) as desktop_click_share,
        avg(case when device_type = 'mobile' then 1.0 else 0.0 end) as mobile_click_share,
        avg(case when device_type = 'tablet' then 1.0 else 0.0 end) as tablet_click_share,
        avg(case when referrer_channel = 'search' then 1.0 else 0.0 end) as search_referral_share,
        avg(case when referrer_channel = 'social' then 1.0 else 0.0 end) as social_referral_share,
        avg(case when referrer_channel = 'direct' then 1.0 else 0.0 end) as direct_traffic_share,
        avg(case when referrer_channel = 'other' then 1.0 else 0.0 end) as other_referral_share,
        avg(case when is_commercial_page then 1.0 else 0.0 end) as commercial_click_share,
        min(clicked_at) as first_click_at,
        max(clicked_at) as last_click_at
    from channelled_clicks
    group by user_id
)

select * from aggregated
