-- Returns a row when the export's line count differs from valid learners + rejected lines (a silent drop).
with base_learners as (
    select count(*) as row_count from {{ ref('base_learners__customer_segmentation_data') }}
),

stg_learners as (
    select count(*) as row_count from {{ ref('stg_learners__learners') }}
),

stg_learner_rejects as (
    select count(*) as row_count from {{ ref('stg_learners__learner_rejects') }}
),

source_file as (
    select count(*) as row_count from {{ source('learners', 'customer_segmentation_data') }}
)

select
    source_file.row_count as file_rows,
    base_learners.row_count as base_rows,
    stg_learners.row_count as valid_rows,
    stg_learner_rejects.row_count as rejected_rows
from source_file
cross join base_learners
cross join stg_learners
cross join stg_learner_rejects
where source_file.row_count != base_learners.row_count
    or base_learners.row_count != stg_learners.row_count + stg_learner_rejects.row_count
