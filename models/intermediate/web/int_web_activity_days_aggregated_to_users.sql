with int_web_clicks_validated as (
    select * from {{ ref('int_web_clicks_validated') }}
),

int_web_searches_validated as (
    select * from {{ ref('int_web_searches_validated') }}
),

int_web_article_views_validated as (
    select * from {{ ref('int_web_article_views_validated') }}
),

accepted_event_times as (
    select
        user_id,
        clicked_at as event_at
    from int_web_clicks_validated
    where reject_reason is null
    union all
    select
        user_id,
        searched_at as event_at
    from int_web_searches_validated
    where reject_reason is null
    union all
    select
        user_id,
        viewed_at as event_at
    from int_web_article_views_validated
    where reject_reason is null
),

aggregated as (
    select
        user_id,
        count(distinct cast(event_at as date)) as active_days,
        min(event_at) as first_active_at,
        max(event_at) as last_active_at
    from accepted_event_times
    group by user_id
)

select * from aggregated
