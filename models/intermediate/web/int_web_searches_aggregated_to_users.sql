with stg_web__searches as (
    select * from {{ ref('stg_web__searches') }}
),

web_purchase_keywords as (
    select * from {{ ref('web_purchase_keywords') }}
),

-- A purchase query holds a purchase keyword as a whole word; exists() keeps one row per search.
classified_searches as (
    select
        stg_web__searches.*,
        exists(
            select 1
            from web_purchase_keywords
            where
                list_contains(
                    string_split(stg_web__searches.search_query, ' '), web_purchase_keywords.keyword
                )
        ) as is_purchase_query
    from stg_web__searches
),

aggregated as (
    select
        user_id,
        count(*) as search_count,
        count(distinct search_query) as distinct_query_count,
        avg(case when is_purchase_query then 1.0 else 0.0 end) as purchase_query_share,
        max(searched_at) as last_search_at
    from classified_searches
    group by user_id
)

select * from aggregated
