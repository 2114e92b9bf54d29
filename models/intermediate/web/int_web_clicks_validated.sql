{#- Reference time for "future" events: var web_as_of ('YYYY-MM-DD HH:MM:SS', UTC) or the build time. -#}
{%- set as_of = "(now() at time zone 'UTC')" -%}
{%- if var('web_as_of') -%}
    {%- set as_of = "timestamp '" ~ var('web_as_of') ~ "'" -%}
{%- endif -%}

with stg_web__clicks as (
    select * from {{ ref('stg_web__clicks') }}
),

numbered_occurrences as (
    select
        *,
        -- Exact repeats of a raw row (same user, time, page, referrer, device, time) are one event.
        row_number() over (
            partition by user_id, clicked_at_raw, page_url, referrer_url, device_type, time_spent_raw
            order by source_row_number
        ) as occurrence_number
    from stg_web__clicks
),

validated as (
    select
        source_row_number,
        user_id,
        clicked_at,
        clicked_at_raw,
        page_url,
        referrer_url,
        device_type,
        time_spent_seconds,
        case
            when user_id is null then 'missing_user_id'
            when clicked_at is null then 'unparseable_timestamp'
            when clicked_at > {{ as_of }} then 'future_timestamp'
            when page_url is null then 'missing_url'
            when time_spent_seconds is null or time_spent_seconds < 0 then 'invalid_time_spent'
            when occurrence_number > 1 then 'duplicate_event'
        end as reject_reason
    from numbered_occurrences
)

select * from validated
