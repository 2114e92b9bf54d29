-- A returned row is a web file whose load outcomes miss raw rows (a row dropped silently).
with fct_web_event_load_outcomes as (
    select * from {{ ref('fct_web_event_load_outcomes') }}
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

raw_counts as (
    select
        'clickstream.csv' as source_file,
        count(*) as raw_rows
    from stg_web__clicks
    union all
    select
        'search_queries.csv' as source_file,
        count(*) as raw_rows
    from stg_web__searches
    union all
    select
        'article_views.csv' as source_file,
        count(*) as raw_rows
    from stg_web__article_views
),

outcome_counts as (
    select
        source_file,
        sum(row_count) as counted_rows
    from fct_web_event_load_outcomes
    group by source_file
)

select
    raw_counts.source_file,
    raw_counts.raw_rows,
    outcome_counts.counted_rows
from raw_counts
left join outcome_counts
    on raw_counts.source_file = outcome_counts.source_file
where outcome_counts.counted_rows is distinct from raw_counts.raw_rows
