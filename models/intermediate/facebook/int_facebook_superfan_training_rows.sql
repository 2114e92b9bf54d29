with feat_facebook_fan_weeks as (
    select * from {{ ref('feat_facebook_fan_weeks') }}
),

seg_facebook_fans as (
    select * from {{ ref('seg_facebook_fans') }}
),

last_observed_week as (
    select max(week_start_date) as last_week_start_date
    from feat_facebook_fan_weeks
),

-- The label needs the following week: the last observed week has no label and is not a training row.
labelled as (
    select
        this_week.fan_week_id,
        this_week.user_id,
        this_week.page_id,
        this_week.week_start_date,
        this_week.reaction_count,
        this_week.comment_count,
        this_week.share_count,
        this_week.total_engagement_count,
        this_week.comment_likes_received,
        this_week.comment_replies_received,
        this_week.distinct_share_recipients,
        this_week.distinct_posts_engaged,
        cast(this_week.is_reacted_and_commented as integer) as is_reacted_and_commented,
        cast(this_week.is_reacted_and_shared as integer) as is_reacted_and_shared,
        cast(this_week.is_commented_and_shared as integer) as is_commented_and_shared,
        cast(this_week.is_reacted_commented_and_shared as integer) as is_reacted_commented_and_shared,
        this_week.out_degree_centrality,
        this_week.closeness_centrality,
        this_week.hub_score,
        this_week.authority_score,
        this_week_segment.segment_code = 'SUPERFAN' as is_superfan_this_week,
        coalesce(next_week_segment.segment_code = 'SUPERFAN', false) as is_superfan_next_week
    from feat_facebook_fan_weeks as this_week
    cross join last_observed_week
    inner join seg_facebook_fans as this_week_segment
        on this_week.fan_week_id = this_week_segment.fan_week_id
    left join seg_facebook_fans as next_week_segment
        on
            this_week.user_id = next_week_segment.user_id
            and this_week.page_id = next_week_segment.page_id
            and this_week.week_start_date + 7 = cast(next_week_segment.week_start_date as date)
    where this_week.week_start_date < last_observed_week.last_week_start_date
    -- A stable row order makes the classifier's bootstrap samples (and so its metrics) reproducible.
    order by this_week.fan_week_id
)

select * from labelled
