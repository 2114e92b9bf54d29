{{ config(materialized='table') }}  {#- read and checked once for its many readers, not once per reader -#}
-- One row per data row of shares.csv: every field typed, and the row's first defect (null when valid).
with shares as (
    select * from {{ source('facebook', 'shares') }}
),

facebook_pages as (
    select * from {{ ref('facebook_pages') }}
),

typed as (
    select
        {{ loading_row_origin() }},
        {{ loading_raw_columns([
            'page_id', 'post_id', 'shared_by_user_id', 'shared_to_user_id', 'shared_at'
        ]) }},
        {{ loading_present_text('page_id') }} as page_id,
        {{ loading_present_text('post_id') }} as post_id,
        {{ loading_present_text('shared_by_user_id') }} as shared_by_user_id,
        {{ loading_present_text('shared_to_user_id') }} as shared_to_user_id,
        try_cast(shared_at as timestamp) as shared_at
    from shares
),

-- Seed membership with `in`, so the seed cannot change the grain; a blank page is not a member.
flagged as (
    select
        *,
        coalesce(page_id in (select facebook_pages.page_id from facebook_pages), false) as is_known_page,
        -- Exact repeats of a raw row (same page, post, sender, receiver and time) are one event.
        {{ loading_occurrence_number([
            'page_id', 'post_id', 'shared_by_user_id', 'shared_to_user_id', 'raw_shared_at'
        ]) }} as occurrence_number
    from typed
),

checked as (
    select
        source_file,
        source_row_number,
        page_id,
        post_id,
        shared_by_user_id,
        shared_to_user_id,
        shared_at,
        -- A share to oneself (self_share) is no network edge: it would be a self-loop in the share graph.
        {{ loading_first_defect(
            facebook_event_checks(
                ["page_id", "post_id", "shared_by_user_id", "shared_to_user_id"], "shared_at"
            )
            + [
                ("shared_by_user_id = shared_to_user_id", "self_share", "shared_to_user_id"),
                ("occurrence_number > 1", "duplicate_event", none),
            ]
        ) }}
    from flagged
)

select * from checked
