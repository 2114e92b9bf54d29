-- A returned row means a HubSpot profile table's sizes or shares disagree with its segment table.
with seg_hubspot_geography as (
    select * from {{ ref('seg_hubspot_geography') }}
),

seg_hubspot_geography__profiles as (
    select * from {{ ref('seg_hubspot_geography__profiles') }}
),

seg_hubspot_promotion as (
    select * from {{ ref('seg_hubspot_promotion') }}
),

seg_hubspot_promotion__profiles as (
    select * from {{ ref('seg_hubspot_promotion__profiles') }}
),

segment_sizes as (
    select
        'seg_hubspot_geography' as segment_table,
        segment_code,
        count(*) as contact_count
    from seg_hubspot_geography
    group by segment_code
    union all
    select
        'seg_hubspot_promotion' as segment_table,
        segment_code,
        count(*) as contact_count
    from seg_hubspot_promotion
    group by segment_code
),

profile_sizes as (
    select
        'seg_hubspot_geography' as segment_table,
        segment_code,
        contact_count,
        contact_share
    from seg_hubspot_geography__profiles
    union all
    select
        'seg_hubspot_promotion' as segment_table,
        segment_code,
        contact_count,
        contact_share
    from seg_hubspot_promotion__profiles
),

share_totals as (
    select
        segment_table,
        sum(contact_share) as total_share
    from profile_sizes
    group by segment_table
)

select
    coalesce(segment_sizes.segment_table, profile_sizes.segment_table) as segment_table,
    coalesce(segment_sizes.segment_code, profile_sizes.segment_code) as segment_code,
    segment_sizes.contact_count as segment_table_count,
    profile_sizes.contact_count as profile_count,
    share_totals.total_share
from segment_sizes
full outer join profile_sizes
    on
        segment_sizes.segment_table = profile_sizes.segment_table
        and segment_sizes.segment_code = profile_sizes.segment_code
left join share_totals
    on coalesce(segment_sizes.segment_table, profile_sizes.segment_table) = share_totals.segment_table
where
    segment_sizes.contact_count is distinct from profile_sizes.contact_count
    or abs(share_totals.total_share - 1) > 1e-9
