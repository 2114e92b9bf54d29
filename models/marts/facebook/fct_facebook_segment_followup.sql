with seg_facebook_fans as (
    select * from {{ ref('seg_facebook_fans') }}
),

feat_facebook_fan_weeks as (
    select * from {{ ref('feat_facebook_fan_weeks') }}
),

last_observed_week as (
    select max(week_start_date) as last_week_start_date
    from feat_facebook_fan_weeks
),

followup_offsets as (
    select unnest([0, 1, 2, 3]) as weeks_after
),

-- Each segmented fan-week is followed on the same page in weeks w .. w+3, when those weeks are in the data.
segmented_fan_weeks as (
    select
        feat_facebook_fan_weeks.user_id,
        feat_facebook_fan_weeks.page_id,
        feat_facebook_fan_weeks.week_start_date as segment_week_start_date,
        seg_facebook_fans.segment_code,
        seg_facebook_fans.segment_name
    from seg_facebook_fans
    inner join feat_facebook_fan_weeks
        on seg_facebook_fans.fan_week_id = feat_facebook_fan_weeks.fan_week_id
),

followed_fan_weeks as (
    select
        segmented_fan_weeks.*,
        followup_offsets.weeks_after,
        segmented_fan_weeks.segment_week_start_date + 7 * followup_offsets.weeks_after
            as followup_week_start_date
    from segmented_fan_weeks
    cross join followup_offsets
    cross join last_observed_week
    where
        segmented_fan_weeks.segment_week_start_date + 7 * followup_offsets.weeks_after
        <= last_observed_week.last_week_start_date
),

-- A fan with no row in the follow-up week did not engage on that page that week (0 engagement).
followup_engagement as (
    select
        followed_fan_weeks.*,
        feat_facebook_fan_weeks.fan_week_id is not null as is_active_in_followup_week,
        coalesce(feat_facebook_fan_weeks.total_engagement_count, 0) as followup_engagement_count,
        coalesce(feat_facebook_fan_weeks.reaction_count, 0) as followup_reaction_count,
        coalesce(feat_facebook_fan_weeks.comment_count, 0) as followup_comment_count,
        coalesce(feat_facebook_fan_weeks.share_count, 0) as followup_share_count
    from followed_fan_weeks
    left join feat_facebook_fan_weeks
        on
            followed_fan_weeks.user_id = feat_facebook_fan_weeks.user_id
            and followed_fan_weeks.page_id = feat_facebook_fan_weeks.page_id
            and followed_fan_weeks.followup_week_start_date = feat_facebook_fan_weeks.week_start_date
),

aggregated as (
    select
        segment_week_start_date,
        segment_code,
        any_value(segment_name) as segment_name,
        weeks_after,
        count(*) as fans_followed,
        avg(case when is_active_in_followup_week then 1.0 else 0.0 end) as active_share,
        avg(followup_engagement_count) as mean_engagement_count,
        median(followup_engagement_count) as median_engagement_count,
        avg(followup_reaction_count) as mean_reaction_count,
        avg(followup_comment_count) as mean_comment_count,
        avg(followup_share_count) as mean_share_count
    from followup_engagement
    group by segment_week_start_date, segment_code, weeks_after
),

final as (
    select
        cast(segment_week_start_date as date) as segment_week_start_date,
        cast(segment_code as varchar) as segment_code,
        cast(segment_name as varchar) as segment_name,
        cast(weeks_after as integer) as weeks_after,
        cast(fans_followed as bigint) as fans_followed,
        cast(active_share as double) as active_share,
        cast(mean_engagement_count as double) as mean_engagement_count,
        cast(median_engagement_count as double) as median_engagement_count,
        cast(mean_reaction_count as double) as mean_reaction_count,
        cast(mean_comment_count as double) as mean_comment_count,
        cast(mean_share_count as double) as mean_share_count
    from aggregated
)

select * from final
