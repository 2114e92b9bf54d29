with base_facebook__shares as (
    select * from {{ ref('base_facebook__shares') }}
),

valid_shares as (
    select
        source_row_number,
        page_id,
        post_id,
        shared_by_user_id,
        shared_to_user_id,
        shared_at,
        -- The fan-week grain: Monday of the share's ISO week (UTC).
        cast(date_trunc('week', shared_at) as date) as week_start_date
    from base_facebook__shares
    where reject_reason is null
)

select * from valid_shares
