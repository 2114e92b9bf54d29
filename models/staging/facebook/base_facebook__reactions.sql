{{ config(materialized='table') }}  {#- read and checked once for its many readers, not once per reader -#}
-- One row per data row of reactions.csv: every field typed, and the row's first defect (null when valid).
with reactions as (
    select * from {{ source('facebook', 'reactions') }}
),

facebook_pages as (
    select * from {{ ref('facebook_pages') }}
),

facebook_reaction_types as (
    select * from {{ ref('facebook_reaction_types') }}
),

typed as (
    select
        {{ loading_row_origin() }},
        {{ loading_raw_columns(['page_id', 'post_id', 'user_id', 'reaction_type', 'reacted_at']) }},
        {{ loading_present_text('page_id') }} as page_id,
        {{ loading_present_text('post_id') }} as post_id,
        {{ loading_present_text('user_id') }} as user_id,
        -- Documented coercion: ' like' and 'Like' are LIKE.
        upper({{ loading_present_text('reaction_type') }}) as reaction_type,
        try_cast(reacted_at as timestamp) as reacted_at
    from reactions
),

-- Seed membership with `in`, so the seeds cannot change the grain; a blank value is not a member.
flagged as (
    select
        *,
        coalesce(page_id in (select facebook_pages.page_id from facebook_pages), false) as is_known_page,
        coalesce(
            reaction_type in (select facebook_reaction_types.reaction_type from facebook_reaction_types),
            false
        ) as is_known_reaction_type,
        -- Exact repeats of a raw row (same page, post, user, type and time) are one event.
        {{ loading_occurrence_number([
            'page_id', 'post_id', 'user_id', 'reaction_type', 'raw_reacted_at'
        ]) }} as occurrence_number
    from typed
),

checked as (
    select
        source_file,
        source_row_number,
        page_id,
        post_id,
        user_id,
        reaction_type,
        reacted_at,
        {{ loading_first_defect(
            facebook_event_checks(["page_id", "post_id", "user_id"], "reacted_at")
            + [
                ("not is_known_reaction_type", "unknown_reaction_type", "reaction_type"),
                ("occurrence_number > 1", "duplicate_event", none),
            ]
        ) }}
    from flagged
)

select * from checked
