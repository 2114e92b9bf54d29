with int_web_clicks_validated as (
    select * from {{ ref('int_web_clicks_validated') }}
),

int_web_searches_validated as (
    select * from {{ ref('int_web_searches_validated') }}
),

int_web_article_views_validated as (
    select * from {{ ref('int_web_article_views_validated') }}
),

outcomes as (
    select
        'clickstream.csv' as source_file,
        coalesce(reject_reason, 'accepted') as outcome
    from int_web_clicks_validated
    union all
    select
        'search_queries.csv' as source_file,
        coalesce(reject_reason, 'accepted') as outcome
    from int_web_searches_validated
    union all
    select
        'article_views.csv' as source_file,
        coalesce(reject_reason, 'accepted') as outcome
    from int_web_article_views_validated
),

counted as (
    select
        source_file,
        outcome,
        count(*) as row_count
    from outcomes
    group by source_file, outcome
)

select * from counted
