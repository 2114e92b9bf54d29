{#- Reference time for "future" events: var facebook_as_of ('YYYY-MM-DD HH:MM:SS', UTC) or the build time. -#}
{%- set as_of = "(now() at time zone 'UTC')" -%}
{%- if var('facebook_as_of') -%}
    {%- set as_of = "timestamp '" ~ var('facebook_as_of') ~ "'" -%}
{%- endif -%}

with stg_facebook__comments as (
    select * from {{ ref('stg_facebook__comments') }}
),

facebook_pages as (
    select * from {{ ref('facebook_pages') }}
),

numbered_occurrences as (
    select
        stg_facebook__comments.*,
        facebook_pages.page_id is not null as is_known_page,
        -- Exact repeats of a raw row (same page, post, user, time and counts) are one event.
        row_number() over (
            partition by
                stg_facebook__comments.page_id,
                stg_facebook__comments.post_id,
                stg_facebook__comments.user_id,
                stg_facebook__comments.commented_at_raw,
                stg_facebook__comments.like_count_raw,
                stg_facebook__comments.reply_count_raw
            order by stg_facebook__comments.source_row_number
        ) as occurrence_number
    from stg_facebook__comments
    left join facebook_pages
        on stg_facebook__comments.page_id = facebook_pages.page_id
),

validated as (
    select
        source_row_number,
        page_id,
        post_id,
        user_id,
        commented_at,
        commented_at_raw,
        cast(date_trunc('week', commented_at) as date) as week_start_date,
        like_count,
        reply_count,
        case
            when page_id is null or post_id is null or user_id is null then 'missing_id'
            when commented_at is null then 'unparseable_timestamp'
            when commented_at > {{ as_of }} then 'future_timestamp'
            when not is_known_page then 'unknown_page'
            when like_count is null or like_count < 0 or reply_count is null or reply_count < 0
                then 'invalid_count'
            when occurrence_number > 1 then 'duplicate_event'
        end as reject_reason
    from numbered_occurrences
)

select * from validated
