{{ config(materialized='table') }}

{#-
    One row per rejected raw row of any ad-log file, with the rule it broke (reasons and their handling
    are listed in the ad_logs_reject_reasons seed). Rebuilt whole on every run: it reads every raw file,
    so a bad row in an old file is never missed by the incremental impressions window. Extra copies of a
    duplicated impression come from stg_ad_logs__impressions (raw_row_count > 1), one row per copy, with
    the pid text looked up in stg_ad_logs__positions.
-#}
with

stg_ad_logs__impression_rows as (
    select * from {{ ref('stg_ad_logs__impression_rows') }}
),

stg_ad_logs__impressions as (
    select * from {{ ref('stg_ad_logs__impressions') }}
),

stg_ad_logs__positions as (
    select * from {{ ref('stg_ad_logs__positions') }}
),

stg_ad_logs__user_profile_rows as (
    select * from {{ ref('stg_ad_logs__user_profile_rows') }}
),

stg_ad_logs__ad_feature_rows as (
    select * from {{ ref('stg_ad_logs__ad_feature_rows') }}
),

stg_ad_logs__behaviour_rows as (
    select * from {{ ref('stg_ad_logs__behaviour_rows') }}
),

impression_rejects as (
    select
        'raw_sample' as source_table,
        source_file,
        reject_reason,
        concat_ws(
            ',',
            coalesce(cast(raw_user as varchar), ''),
            coalesce(cast(raw_time_stamp as varchar), ''),
            coalesce(cast(raw_adgroup_id as varchar), ''),
            coalesce(cast(raw_pid as varchar), ''),
            coalesce(cast(raw_nonclk as varchar), ''),
            coalesce(cast(raw_clk as varchar), '')
        ) as raw_record
    from stg_ad_logs__impression_rows
    where reject_reason is not null
),

duplicate_copies as (
    select
        'raw_sample' as source_table,
        cast(null as varchar) as source_file,
        'duplicate_impression' as reject_reason,
        concat_ws(
            ',',
            cast(stg_ad_logs__impressions.user_id as varchar),
            cast(stg_ad_logs__impressions.displayed_epoch_seconds as varchar),
            cast(stg_ad_logs__impressions.adgroup_id as varchar),
            stg_ad_logs__positions.pid
        ) as raw_record,
        unnest(generate_series(2, stg_ad_logs__impressions.raw_row_count)) as copy_number
    from stg_ad_logs__impressions
    left join stg_ad_logs__positions
        on stg_ad_logs__impressions.pid_key = stg_ad_logs__positions.pid_key
    where stg_ad_logs__impressions.raw_row_count > 1
),

duplicate_impressions as (
    select
        source_table,
        source_file,
        reject_reason,
        raw_record
    from duplicate_copies
),

profile_rejects as (
    select
        'user_profile' as source_table,
        source_file,
        reject_reason,
        coalesce(raw_userid, '') as raw_record
    from stg_ad_logs__user_profile_rows
    where reject_reason is not null
),

ad_feature_rejects as (
    select
        'ad_feature' as source_table,
        source_file,
        reject_reason,
        concat_ws(
            ',',
            coalesce(cast(raw_adgroup_id as varchar), ''),
            coalesce(raw_brand, ''),
            coalesce(raw_price, '')
        )
            as raw_record
    from stg_ad_logs__ad_feature_rows
    where reject_reason is not null
),

behaviour_rejects as (
    select
        'behavior_log' as source_table,
        source_file,
        reject_reason,
        concat_ws(
            ',',
            coalesce(cast(raw_user as varchar), ''),
            coalesce(cast(raw_time_stamp as varchar), ''),
            coalesce(cast(raw_btag as varchar), '')
        )
            as raw_record
    from stg_ad_logs__behaviour_rows
    where reject_reason is not null
),

unioned as (
    select * from impression_rejects
    union all
    select * from duplicate_impressions
    union all
    select * from profile_rejects
    union all
    select * from ad_feature_rejects
    union all
    select * from behaviour_rejects
),

final as (
    select
        row_number() over (order by source_table, reject_reason, source_file, raw_record) as reject_id,
        source_table,
        source_file,
        reject_reason,
        raw_record
    from unioned
)

select * from final
