-- One row per valid learner of the export (lines with a reject_reason are in stg_learners__rejects).
with base_learners__customer_segmentation_data as (
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
    from base_learners__customer_segmentation_data
    where reject_reason is null
)

select * from valid
