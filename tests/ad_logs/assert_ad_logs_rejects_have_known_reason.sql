-- A returned row is a rejected ad-log row whose (source_table, reject_reason) is not documented in the seed.
with

rejects as (
    select * from {{ ref('stg_ad_logs__rejects') }}
),

reasons as (
    select * from {{ ref('ad_logs_reject_reasons') }}
)

select rejects.*
from rejects
left join reasons
    on
        rejects.source_table = reasons.source_table
        and rejects.reject_reason = reasons.reject_reason
where reasons.reject_reason is null
