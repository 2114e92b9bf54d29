{{ config(materialized='table') }}  {#- read and checked once for its many readers, not once per reader -#}
-- One row per data row of clickstream.csv: every field typed, and the row's first defect (null when valid).
with clickstream as (
    select * from {{ source('web', 'clickstream') }}
),

typed as (
    select
        {{ loading_row_origin() }},
        {{ loading_raw_columns(['user_id', 'timestamp', 'url', 'time_spent']) }},
        {{ loading_present_text('user_id') }} as user_id,
        try_cast(timestamp as timestamp) as clicked_at,
        {{ loading_present_text('url') }} as page_url,
        {{ loading_present_text('referrer') }} as referrer_url,
        lower({{ loading_present_text('device') }}) as device_type,
        try_cast(time_spent as integer) as time_spent_seconds
    from clickstream
),

numbered_occurrences as (
    select
        *,
        -- Exact repeats of a raw row (same user, time, page, referrer, device, time spent) are one event.
        {{ loading_occurrence_number([
            'user_id', 'raw_timestamp', 'page_url', 'referrer_url', 'device_type', 'raw_time_spent'
        ]) }} as occurrence_number
    from typed
),

checked as (
    select
        source_file,
        source_row_number,
        user_id,
        clicked_at,
        page_url,
        referrer_url,
        device_type,
        time_spent_seconds,
        {{ loading_first_defect(
            [("user_id is null", "missing_user_id", "user_id")]
            + loading_event_time_checks("clicked_at", "timestamp", "web_as_of")
            + [
                ("page_url is null", "missing_url", "url"),
                ("time_spent_seconds is null or time_spent_seconds < 0", "invalid_time_spent", "time_spent"),
                ("occurrence_number > 1", "duplicate_event", none),
            ]
        ) }}
    from numbered_occurrences
)

select * from checked
