with base_facebook__comments as (
    select * from {{ ref('base_facebook__comments') }}
),

valid_comments as (
    select
        source_row_number,
        page_id,
        post_id,
        user_id,
        commented_at,
        -- The fan-week grain: Monday of the comment's ISO week (UTC).
        cast(date_trunc('week', commented_at) as date) as week_start_date,
        like_count,
        reply_count
    from base_facebook__comments
    where reject_reason is null
)

select * from valid_comments
