with base_learners as (
    select * from {{ ref('base_learners__customer_segmentation_data') }}
),

rejected as (
    select
        learner_id,
        file_line_number,
        'customer_segmentation_data.csv' as source_file,
        reject_reason,
        line_text,
        minutes_watched_text,
        clv_text,
        region_text,
        channel_text
    from base_learners
    where reject_reason is not null
)

select * from rejected
