-- A returned row is an event source whose per-user counts in fct_web_user_features do not add up to its accepted rows (a join fan-out or a lost user).
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
        sum(click_count) as clicks,
        sum(search_count) as searches,
        sum(article_view_count) as article_views,
        sum(total_seconds_spent) as seconds_spent
    from fct_web_user_features
),

accepted_totals as (
    select
        (select count(*) from int_web_clicks_validated where reject_reason is null) as clicks,
        (select count(*) from int_web_searches_validated where reject_reason is null) as searches,
        (select count(*) from int_web_article_views_validated where reject_reason is null) as article_views,
        (select sum(time_spent_seconds) from int_web_clicks_validated where reject_reason is null)
        + (select sum(time_spent_seconds) from int_web_article_views_validated where reject_reason is null)
            as seconds_spent
),

compared as (
    select 'clicks' as measure, feature_totals.clicks as in_features, accepted_totals.clicks as accepted
    from feature_totals cross join accepted_totals
    union all
    select 'searches', feature_totals.searches, accepted_totals.searches
    from feature_totals cross join accepted_totals
    union all
    select 'article_views', feature_totals.article_views, accepted_totals.article_views
    from feature_totals cross join accepted_totals
    union all
    select 'seconds_spent', feature_totals.seconds_spent, accepted_totals.seconds_spent
    from feature_totals cross join accepted_totals
)

select * from compared
where in_features is distinct from accepted
