{{ config(materialized='table') }}  {#- read and checked once for its many readers, not once per reader -#}
-- One row per data row of comments.csv: every field typed, and the row's first defect (null when valid).
with comments as (
    select * from {{ source('facebook', 'comments') }}
),

facebook_pages as (
    select * from {{ ref('facebook_pages') }}
),

typed as (
    select
        {{ loading_row_origin() }},
        {{ loading_raw_columns([
            'page_id', 'post_id', 'user_id', 'commented_at', 'like_count', 'reply_count'
        ]) }},
        {{ loading_present_text('page_id') }} as page_id,
        {{ loading_present_text('post_id') }} as post_id,
        {{ loading_present_text('user_id') }} as user_id,
        try_cast(commented_at as timestamp) as commented_at,
        try_cast(like_count as integer) as like_count,
        try_cast(reply_count as integer) as reply_count
    from comments
),

-- Seed membership with `in`, so the seed cannot change the grain; a blank page is not a member.
flagged as (
    select
        *,
        coalesce(page_id in (select facebook_pages.page_id from facebook_pages), false) as is_known_page,
        -- Exact repeats of a raw row (same page, post, user, time and counts) are one event.
        {{ loading_occurrence_number([
            'page_id', 'post_id', 'user_id', 'raw_commented_at', 'raw_like_count', 'raw_reply_count'
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
        commented_at,
        like_count,
        reply_count,
        {{ loading_first_defect(
            facebook_event_checks(["page_id", "post_id", "user_id"], "commented_at")
            + [
                ("like_count is null or like_count < 0", "invalid_count", "like_count"),
                ("reply_count is null or reply_count < 0", "invalid_count", "reply_count"),
                ("occurrence_number > 1", "duplicate_event", none),
            ]
        ) }}
    from flagged
)

select * from checked
