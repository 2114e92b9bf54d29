with int_facebook_reactions_validated as (
    select * from {{ ref('int_facebook_reactions_validated') }}
),

int_facebook_comments_validated as (
    select * from {{ ref('int_facebook_comments_validated') }}
),

int_facebook_shares_validated as (
    select * from {{ ref('int_facebook_shares_validated') }}
),

rejected_reactions as (
    select
        'reactions.csv' as source_file,
        source_row_number,
        page_id,
        user_id,
        reacted_at_raw as event_at_raw,
        reject_reason
    from int_facebook_reactions_validated
    where reject_reason is not null
),

rejected_comments as (
    select
        'comments.csv' as source_file,
        source_row_number,
        page_id,
        user_id,
        commented_at_raw as event_at_raw,
        reject_reason
    from int_facebook_comments_validated
    where reject_reason is not null
),

rejected_shares as (
    select
        'shares.csv' as source_file,
        source_row_number,
        page_id,
        shared_by_user_id as user_id,
        shared_at_raw as event_at_raw,
        reject_reason
    from int_facebook_shares_validated
    where reject_reason is not null
),

unioned as (
    select * from rejected_reactions
    union all
    select * from rejected_comments
    union all
    select * from rejected_shares
)

select * from unioned
