with int_web_searches_validated as (
    select * from {{ ref('int_web_searches_validated') }}
),

accepted_searches as (
    select * from int_web_searches_validated
    where reject_reason is null
),

aggregated as (
    select
        user_id,
        count(*) as search_count,
        count(distinct search_query) as distinct_query_count,
        max(searched_at) as last_search_at
    from accepted_searches
    group by user_id
)

select * from aggregated
