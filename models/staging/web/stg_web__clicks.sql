with base_web__clickstream as (
    select * from {{ ref('base_web__clickstream') }}
),

valid_clicks as (
    select
        source_row_number,
        user_id,
        clicked_at,
        page_url,
        referrer_url,
        device_type,
        time_spent_seconds
    from base_web__clickstream
    where reject_reason is null
)

select * from valid_clicks
