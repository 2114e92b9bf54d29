with base_web__article_views as (
    select * from {{ ref('base_web__article_views') }}
),

valid_article_views as (
    select
        source_row_number,
        user_id,
        viewed_at,
        article_id,
        time_spent_seconds
    from base_web__article_views
    where reject_reason is null
)

select * from valid_article_views
