{#- Reference time for "future" events: var web_as_of ('YYYY-MM-DD HH:MM:SS', UTC) or the build time. -#}
{%- set as_of = "(now() at time zone 'UTC')" -%}
{%- if var('web_as_of') -%}
    {%- set as_of = "timestamp '" ~ var('web_as_of') ~ "'" -%}
{%- endif -%}

with stg_web__searches as (
    select * from {{ ref('stg_web__searches') }}
),

numbered_occurrences as (
    select
        *,
        -- Exact repeats of a raw row (same user, time and query text) are one event.
        row_number() over (
            partition by user_id, searched_at_raw, search_query
            order by source_row_number
        ) as occurrence_number
    from stg_web__searches
),

validated as (
    select
        source_row_number,
        user_id,
        searched_at,
        searched_at_raw,
        search_query,
        case
            when user_id is null then 'missing_user_id'
            when searched_at is null then 'unparseable_timestamp'
            when searched_at > {{ as_of }} then 'future_timestamp'
            when search_query is null then 'missing_query'
            when occurrence_number > 1 then 'duplicate_event'
        end as reject_reason
    from numbered_occurrences
)

select * from validated
