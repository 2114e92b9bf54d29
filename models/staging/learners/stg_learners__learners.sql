with base_learners as (
    select * from {{ ref('base_learners__customer_segmentation_data') }}
),

valid as (
    select
        learner_id,
        minutes_watched,
        is_minutes_blank,
        clv,
        region_code,
        channel_code
    from base_learners
    where reject_reason is null
)

select * from valid
