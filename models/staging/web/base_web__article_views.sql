{{ config(materialized='table') }}  {#- read and checked once for its many readers, not once per reader -#}
-- One row per data row of article_views.csv: every field typed, and the row's first defect (null when valid).
with article_views as (
    select * from {{ source('web', 'article_views') }}
),

typed as (
    select
        {{ loading_row_origin() }},
        {{ loading_raw_columns(['user_id', 'timestamp', 'article_id', 'time_spent']) }},
        {{ loading_present_text('user_id') }} as user_id,
        try_cast(timestamp as timestamp) as viewed_at,
        try_cast(article_id as bigint) as article_id,
        try_cast(time_spent as integer) as time_spent_seconds
    from article_views
),

numbered_occurrences as (
    select
        *,
        -- Exact repeats of a raw row (same user, time, article and time spent) are one event.
        {{ loading_occurrence_number([
            'user_id', 'raw_timestamp', 'article_id', 'raw_time_spent'
        ]) }} as occurrence_number
    from typed
),

checked as (
    select
        source_file,
        source_row_number,
        user_id,
        viewed_at,
        article_id,
        time_spent_seconds,
        {{ loading_first_defect(
            [("user_id is null", "missing_user_id", "user_id")]
            + loading_event_time_checks("viewed_at", "timestamp", "web_as_of")
            + [
                ("article_id is null", "invalid_article_id", "article_id"),
                ("time_spent_seconds is null or time_spent_seconds < 0", "invalid_time_spent", "time_spent"),
                ("occurrence_number > 1", "duplicate_event", none),
            ]
        ) }}
    from numbered_occurrences
)

select * from checked
