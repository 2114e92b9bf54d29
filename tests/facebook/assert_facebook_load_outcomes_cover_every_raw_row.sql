-- A returned row is a Facebook file whose load outcomes miss raw rows (a row dropped silently).
with fct_facebook_event_load_outcomes as (
    select * from {{ ref('fct_facebook_event_load_outcomes') }}
),

stg_facebook__reactions as (
    select * from {{ ref('stg_facebook__reactions') }}
),

stg_facebook__comments as (
    select * from {{ ref('stg_facebook__comments') }}
),

stg_facebook__shares as (
    select * from {{ ref('stg_facebook__shares') }}
),

raw_counts as (
    select
        'reactions.csv' as source_file,
        count(*) as raw_rows
    from stg_facebook__reactions
    union all
    select
        'comments.csv' as source_file,
        count(*) as raw_rows
    from stg_facebook__comments
    union all
    select
        'shares.csv' as source_file,
        count(*) as raw_rows
    from stg_facebook__shares
),

outcome_counts as (
    select
        source_file,
        sum(row_count) as counted_rows
    from fct_facebook_event_load_outcomes
    group by source_file
)

select
    raw_counts.source_file,
    raw_counts.raw_rows,
    outcome_counts.counted_rows
from raw_counts
left join outcome_counts
    on raw_counts.source_file = outcome_counts.source_file
where outcome_counts.counted_rows is distinct from raw_counts.raw_rows
