-- A returned row is a measure whose per-user totals differ from the accepted events (fan-out or loss).
with fct_web_user_features as (
    select * from {{ ref('fct_web_user_features') }}
),

int_web_clicks_validated as (
    select * from {{ ref('int_web_clicks_validated') }}
),

int_web_searches_validated as (
    select * from {{ ref('int_web_searches_validated') }}
),

int_web_article_views_validated as (
    select * from {{ ref('int_web_article_views_validated') }}
),

feature_totals as (
    select
        'clicks' as measure,
        sum(click_count) as in_features
    from fct_web_user_features
    union all
    select
        'searches' as measure,
        sum(search_count) as in_features
    from fct_web_user_features
    union all
    select
        'article_views' as measure,
        sum(article_view_count) as in_features
    from fct_web_user_features
    union all
    select
        'seconds_spent' as measure,
        sum(total_seconds_spent) as in_features
    from fct_web_user_features
),

accepted_clicks as (
    select * from int_web_clicks_validated
    where reject_reason is null
),

accepted_searches as (
    select * from int_web_searches_validated
    where reject_reason is null
),

accepted_article_views as (
    select * from int_web_article_views_validated
    where reject_reason is null
),

accepted_seconds as (
    select time_spent_seconds from accepted_clicks
    union all
    select time_spent_seconds from accepted_article_views
),

accepted_totals as (
    select
        'clicks' as measure,
        count(*) as accepted
    from accepted_clicks
    union all
    select
        'searches' as measure,
        count(*) as accepted
    from accepted_searches
    union all
    select
        'article_views' as measure,
        count(*) as accepted
    from accepted_article_views
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
