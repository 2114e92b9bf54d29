with base_facebook__reactions as (
    select * from {{ ref('base_facebook__reactions') }}
),

valid_reactions as (
    select
        source_row_number,
        page_id,
        post_id,
        user_id,
        reaction_type,
        reacted_at,
        -- The fan-week grain: Monday of the reaction's ISO week (UTC).
        cast(date_trunc('week', reacted_at) as date) as week_start_date
    from base_facebook__reactions
    where reject_reason is null
)

select * from valid_reactions
