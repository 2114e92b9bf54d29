{{ config(materialized='table') }}  {#- read and checked once for its many readers, not once per reader -#}
-- One row per data row of search_queries.csv: every field typed, and the row's first defect (null if valid).
with search_queries as (
    select * from {{ source('web', 'search_queries') }}
),

typed as (
    select
        {{ loading_row_origin() }},
        {{ loading_raw_columns(['user_id', 'timestamp', 'query']) }},
        {{ loading_present_text('user_id') }} as user_id,
        try_cast(timestamp as timestamp) as searched_at,
        -- Queries are compared case- and space-insensitively for distinct counts.
        lower(regexp_replace({{ loading_present_text('query') }}, '\s+', ' ', 'g')) as search_query
    from search_queries
),

numbered_occurrences as (
    select
        *,
        -- Exact repeats of a raw row (same user, time and query text) are one event.
        {{ loading_occurrence_number(['user_id', 'raw_timestamp', 'search_query']) }} as occurrence_number
    from typed
),

checked as (
    select
        source_file,
        source_row_number,
        user_id,
        searched_at,
        search_query,
        {{ loading_first_defect(
            [("user_id is null", "missing_user_id", "user_id")]
            + loading_event_time_checks("searched_at", "timestamp", "web_as_of")
            + [
                ("search_query is null", "missing_query", "query"),
                ("occurrence_number > 1", "duplicate_event", none),
            ]
        ) }}
    from numbered_occurrences
)

select * from checked
