with stg_facebook__reactions as (
    select * from {{ ref('stg_facebook__reactions') }}
),

stg_facebook__comments as (
    select * from {{ ref('stg_facebook__comments') }}
),

stg_facebook__shares as (
    select * from {{ ref('stg_facebook__shares') }}
),

-- One stream of staged events, aggregated once per user × page × week (no join between event types).
engagement_events as (
    select
        user_id,
        page_id,
        week_start_date,
        post_id,
        'reaction' as engagement_type,
        null::integer as like_count,
        null::integer as reply_count,
        null::varchar as shared_to_user_id
    from stg_facebook__reactions
    union all
    select
        user_id,
        page_id,
        week_start_date,
        post_id,
        'comment' as engagement_type,
        like_count,
        reply_count,
        null::varchar as shared_to_user_id
    from stg_facebook__comments
    union all
    select
        shared_by_user_id as user_id,
        page_id,
        week_start_date,
        post_id,
        'share' as engagement_type,
        null::integer as like_count,
        null::integer as reply_count,
        shared_to_user_id
    from stg_facebook__shares
),

aggregated as (
    select
        user_id,
        page_id,
        week_start_date,
        count(*) filter (where engagement_type = 'reaction') as reaction_count,
        count(*) filter (where engagement_type = 'comment') as comment_count,
        coalesce(sum(like_count), 0) as comment_likes_received,
        coalesce(sum(reply_count), 0) as comment_replies_received,
        count(*) filter (where engagement_type = 'share') as share_count,
        count(distinct shared_to_user_id) as distinct_share_recipients,
        count(distinct post_id) as distinct_posts_engaged
    from engagement_events
    group by user_id, page_id, week_start_date
),

-- Co-engagement flags mean "did both" (the seed tested isnull & isnull, i.e. "did neither").
flagged as (
    select
        *,
        reaction_count + comment_count + share_count as total_engagement_count,
        reaction_count > 0 as has_reacted,
        comment_count > 0 as has_commented,
        share_count > 0 as has_shared,
        reaction_count > 0 and comment_count > 0 as is_reacted_and_commented,
        reaction_count > 0 and share_count > 0 as is_reacted_and_shared,
        comment_count > 0 and share_count > 0 as is_commented_and_shared,
        reaction_count > 0 and comment_count > 0 and share_count > 0 as is_reacted_commented_and_shared
    from aggregated
)

select * from flagged
