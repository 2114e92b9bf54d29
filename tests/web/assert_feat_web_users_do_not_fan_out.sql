-- A returned row is a measure whose per-user totals differ from the accepted events (fan-out or loss).
with feat_web_users as (
    select * from {{ ref('feat_web_users') }}
),

stg_web__clicks as (
    select * from {{ ref('stg_web__clicks') }}
),

stg_web__searches as (
    select * from {{ ref('stg_web__searches') }}
),

stg_web__article_views as (
    select * from {{ ref('stg_web__article_views') }}
),

feature_totals as (
    select
        'clicks' as measure,
        sum(click_count) as in_features
    from feat_web_users
    union all
    select
        'searches' as measure,
        sum(search_count) as in_features
    from feat_web_users
    union all
    select
        'article_views' as measure,
        sum(article_view_count) as in_features
    from feat_web_users
    union all
    select
        'seconds_spent' as measure,
        sum(total_seconds_spent) as in_features
    from feat_web_users
),

accepted_seconds as (
    select time_spent_seconds from stg_web__clicks
    union all
    select time_spent_seconds from stg_web__article_views
),

accepted_totals as (
    select
        'clicks' as measure,
        count(*) as accepted
    from stg_web__clicks
    union all
    select
        'searches' as measure,
        count(*) as accepted
    from stg_web__searches
    union all
    select
        'article_views' as measure,
        count(*) as accepted
    from stg_web__article_views
    union all
    select
        'seconds_spent' as measure,
        sum(time_spent_seconds) as accepted
    from accepted_seconds
),

compared as (
    select
        accepted_totals.measure,
        feature_totals.in_features,
        accepted_totals.accepted
    from accepted_totals
    left join feature_totals
        on accepted_totals.measure = feature_totals.measure
    where feature_totals.in_features is distinct from accepted_totals.accepted
)

select * from compared
