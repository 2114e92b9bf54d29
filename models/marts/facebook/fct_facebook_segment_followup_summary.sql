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
),

final as (
    select
        cast(segment_code as varchar) as segment_code,
        cast(segment_name as varchar) as segment_name,
        cast(weeks_after as integer) as weeks_after,
        cast(segment_weeks as bigint) as segment_weeks,
        cast(fans_followed as bigint) as fans_followed,
        cast(active_share as double) as active_share,
        cast(mean_engagement_count as double) as mean_engagement_count,
        cast(mean_share_count as double) as mean_share_count
    from summarised
)

select * from final
