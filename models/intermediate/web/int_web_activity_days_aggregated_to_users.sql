with stg_web__clicks as (
    select * from {{ ref('stg_web__clicks') }}
),

stg_web__searches as (
    select * from {{ ref('stg_web__searches') }}
),

stg_web__article_views as (
    select * from {{ ref('stg_web__article_views') }}
),

event_times as (
    select
        user_id,
        clicked_at as event_at
    from stg_web__clicks
    union all
    select
        user_id,
        searched_at as event_at
    from stg_web__searches
    union all
    select
        user_id,
        viewed_at as event_at
    from stg_web__article_views
),

aggregated as (
    select
        user_id,
        count(distinct cast(event_at as date)) as active_days,
        min(event_at) as first_active_at,
        max(event_at) as last_active_at
    from event_times
    group by user_id
)

select * from aggregated
