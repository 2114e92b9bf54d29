with base_web__search_queries as (
    select * from {{ ref('base_web__search_queries') }}
),

valid_searches as (
    select
        source_row_number,
        user_id,
        searched_at,
        search_query
    from base_web__search_queries
    where reject_reason is null
)

select * from valid_searches
