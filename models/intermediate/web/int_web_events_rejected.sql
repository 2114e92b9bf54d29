with int_web_clicks_validated as (
    select * from {{ ref('int_web_clicks_validated') }}
),

int_web_searches_validated as (
    select * from {{ ref('int_web_searches_validated') }}
),

int_web_article_views_validated as (
    select * from {{ ref('int_web_article_views_validated') }}
),

rejected_clicks as (
    select
        'clickstream.csv' as source_file,
        source_row_number,
        user_id,
        clicked_at_raw as event_at_raw,
        reject_reason
    from int_web_clicks_validated
    where reject_reason is not null
),

rejected_searches as (
    select
        'search_queries.csv' as source_file,
        source_row_number,
        user_id,
        searched_at_raw as event_at_raw,
        reject_reason
    from int_web_searches_validated
    where reject_reason is not null
),

rejected_article_views as (
    select
        'article_views.csv' as source_file,
        source_row_number,
        user_id,
        viewed_at_raw as event_at_raw,
        reject_reason
    from int_web_article_views_validated
    where reject_reason is not null
),

unioned as (
    select * from rejected_clicks
    union all
    select * from rejected_searches
    union all
    select * from rejected_article_views
)

select * from unioned
