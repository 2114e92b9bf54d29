{#- Reference time for "future" events: var facebook_as_of ('YYYY-MM-DD HH:MM:SS', UTC) or the build time. -#}
{%- set as_of = "(now() at time zone 'UTC')" -%}
{%- if var('facebook_as_of') -%}
    {%- set as_of = "timestamp '" ~ var('facebook_as_of') ~ "'" -%}
{%- endif -%}

with stg_facebook__reactions as (
    select * from {{ ref('stg_facebook__reactions') }}
),

facebook_pages as (
    select * from {{ ref('facebook_pages') }}
),

facebook_reaction_types as (
    select * from {{ ref('facebook_reaction_types') }}
),

numbered_occurrences as (
    select
        stg_facebook__reactions.*,
        facebook_pages.page_id is not null as is_known_page,
        facebook_reaction_types.reaction_type is not null as is_known_reaction_type,
        -- Exact repeats of a raw row (same page, post, user, type and time) are one event.
        row_number() over (
            partition by
                stg_facebook__reactions.page_id,
                stg_facebook__reactions.post_id,
                stg_facebook__reactions.user_id,
                stg_facebook__reactions.reaction_type,
                stg_facebook__reactions.reacted_at_raw
            order by stg_facebook__reactions.source_row_number
        ) as occurrence_number
    from stg_facebook__reactions
    left join facebook_pages
        on stg_facebook__reactions.page_id = facebook_pages.page_id
    left join facebook_reaction_types
        on stg_facebook__reactions.reaction_type = facebook_reaction_types.reaction_type
),

validated as (
    select
        source_row_number,
        page_id,
        post_id,
        user_id,
        reaction_type,
        reacted_at,
        reacted_at_raw,
        cast(date_trunc('week', reacted_at) as date) as week_start_date,
        case
            when page_id is null or post_id is null or user_id is null then 'missing_id'
            when reacted_at is null then 'unparseable_timestamp'
            when reacted_at > {{ as_of }} then 'future_timestamp'
            when not is_known_page then 'unknown_page'
            when not is_known_reaction_type then 'unknown_reaction_type'
            when occurrence_number > 1 then 'duplicate_event'
        end as reject_reason
    from numbered_occurrences
)

select * from validated
