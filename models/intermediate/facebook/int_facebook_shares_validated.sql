{#- Reference time for "future" events: var facebook_as_of ('YYYY-MM-DD HH:MM:SS', UTC) or the build time. -#}
{%- set as_of = "(now() at time zone 'UTC')" -%}
{%- if var('facebook_as_of') -%}
    {%- set as_of = "timestamp '" ~ var('facebook_as_of') ~ "'" -%}
{%- endif -%}

with stg_facebook__shares as (
    select * from {{ ref('stg_facebook__shares') }}
),

facebook_pages as (
    select * from {{ ref('facebook_pages') }}
),

numbered_occurrences as (
    select
        stg_facebook__shares.*,
        facebook_pages.page_id is not null as is_known_page,
        -- Exact repeats of a raw row (same page, post, sender, receiver and time) are one event.
        row_number() over (
            partition by
                stg_facebook__shares.page_id,
                stg_facebook__shares.post_id,
                stg_facebook__shares.shared_by_user_id,
                stg_facebook__shares.shared_to_user_id,
                stg_facebook__shares.shared_at_raw
            order by stg_facebook__shares.source_row_number
        ) as occurrence_number
    from stg_facebook__shares
    left join facebook_pages
        on stg_facebook__shares.page_id = facebook_pages.page_id
),

validated as (
    select
        source_row_number,
        page_id,
        post_id,
        shared_by_user_id,
        shared_to_user_id,
        shared_at,
        shared_at_raw,
        cast(date_trunc('week', shared_at) as date) as week_start_date,
        case
            when page_id is null or post_id is null or shared_by_user_id is null or shared_to_user_id is null
                then 'missing_id'
            when shared_at is null then 'unparseable_timestamp'
            when shared_at > {{ as_of }} then 'future_timestamp'
            when not is_known_page then 'unknown_page'
            -- A share to oneself is not a network edge (it would give a self-loop in the share graph).
            when shared_by_user_id = shared_to_user_id then 'self_share'
            when occurrence_number > 1 then 'duplicate_event'
        end as reject_reason
    from numbered_occurrences
)

select * from validated
