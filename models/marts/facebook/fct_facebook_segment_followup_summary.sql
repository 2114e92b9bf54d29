with fct_facebook_segment_followup as (
    select * from {{ ref('fct_facebook_segment_followup') }}
),

-- Weighted by fans followed, so each segmented fan-week counts once per offset.
summarised as (
    select
        segment_code,
        any_value(segment_name) as segment_name,
        weeks_after,
        count(*) as segment_weeks,
        sum(fans_followed) as fans_followed,
        sum(active_share * fans_followed) / sum(fans_followed) as active_share,
        sum(mean_engagement_count * fans_followed) / sum(fans_followed) as mean_engagement_count,
        sum(mean_share_count * fans_followed) / sum(fans_followed) as mean_share_count
    from fct_facebook_segment_followup
    group by segment_code, weeks_after
)

select * from summarised
