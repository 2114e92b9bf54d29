with stg_web__article_views as (
    select * from {{ ref('stg_web__article_views') }}
),

aggregated as (
    select
        user_id,
        count(*) as article_view_count,
        count(distinct article_id) as distinct_article_count,
        sum(time_spent_seconds) as article_seconds_total,
        avg(time_spent_seconds) as mean_seconds_per_article_view,
        max(viewed_at) as last_article_view_at
    from stg_web__article_views
    group by user_id
)

select * from aggregated
