-- Returns a row when the export's data lines differ from valid learners + rejected lines (a silent drop).
with base_learners as (
    select count(*) as row_count from {{ ref('base_learners__customer_segmentation_data') }}
),

stg_learners as (
    select count(*) as row_count from {{ ref('stg_learners__learners') }}
),

stg_learner_rejects as (
    select count(*) as row_count from {{ ref('stg_learners__learner_rejects') }}
)

select
    base_learners.row_count as data_lines,
    stg_learners.row_count as valid_rows,
    stg_learner_rejects.row_count as rejected_rows
from base_learners
cross join stg_learners
cross join stg_learner_rejects
where base_learners.row_count != stg_learners.row_count + stg_learner_rejects.row_count
