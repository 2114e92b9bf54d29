with int_web_article_views_validated as (
    select * from {{ ref('int_web_article_views_validated') }}
),

accepted_article_views as (
    select * from int_web_article_views_validated
    where reject_reason is null
),

aggregated as (
    select
        user_id,
        count(*) as article_view_count,
        count(distinct article_id) as distinct_article_count,
        sum(time_spent_seconds) as article_seconds_total,
        avg(time_spent_seconds) as mean_seconds_per_article_view,
        max(viewed_at) as last_article_view_at
    from accepted_article_views
    group by user_id
)

select * from aggregated
