-- A returned row means the raw contacts file has a different number of data records than staged + rejected.
with raw_rows as (
    select count(*) as row_count from {{ source('hubspot', 'contacts') }}
),

staged_rows as (
    select count(*) as row_count from {{ ref('stg_hubspot__contacts') }}
),

rejected_rows as (
    select count(*) as row_count from {{ ref('stg_hubspot__contact_rejects') }}
)

select
    raw_rows.row_count as raw_row_count,
    staged_rows.row_count as staged_row_count,
    rejected_rows.row_count as rejected_row_count
from raw_rows
cross join staged_rows
cross join rejected_rows
where raw_rows.row_count != staged_rows.row_count + rejected_rows.row_count
