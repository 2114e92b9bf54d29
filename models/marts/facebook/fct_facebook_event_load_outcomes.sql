with int_facebook_reactions_validated as (
    select * from {{ ref('int_facebook_reactions_validated') }}
),

int_facebook_comments_validated as (
    select * from {{ ref('int_facebook_comments_validated') }}
),

int_facebook_shares_validated as (
    select * from {{ ref('int_facebook_shares_validated') }}
),

outcomes as (
    select
        'reactions.csv' as source_file,
        coalesce(reject_reason, 'accepted') as outcome
    from int_facebook_reactions_validated
    union all
    select
        'comments.csv' as source_file,
        coalesce(reject_reason, 'accepted') as outcome
    from int_facebook_comments_validated
    union all
    select
        'shares.csv' as source_file,
        coalesce(reject_reason, 'accepted') as outcome
    from int_facebook_shares_validated
),

counted as (
    select
        source_file,
        outcome,
        count(*) as row_count
    from outcomes
    group by source_file, outcome
)

select * from counted
