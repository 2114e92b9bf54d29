{{ config(materialized='table') }}

{#-
    One row per rejected raw row of any ad-log file, with its file, row, the raw column and value of its
    first defect and the rule it broke (reasons and their handling are listed in the ad_logs_reject_reasons
    seed). Rebuilt whole on every run: it reads every raw file, so a bad row in an old file is never missed
    by the incremental impressions window.
    Extra copies of a duplicated impression are found by the GROUP BY that stages the impressions
    (raw_row_count > 1), not in the raw rows, so they carry no file or row: one row per extra copy, with the
    key columns and the key as text, its pid decoded through stg_ad_logs__positions (the one join here: a
    key lookup on the few repeated keys, which finding the copies in the raw rows again would cost a second
    pass over every impression for).
-#}
with

base_rejects as (
    {{ loading_union_rejects([
        ('raw_sample', ref('base_ad_logs__raw_sample')),
        ('user_profile', ref('base_ad_logs__user_profile')),
        ('ad_feature', ref('base_ad_logs__ad_feature')),
        ('behavior_log', ref('base_ad_logs__behavior_log')),
    ]) }}
),

stg_ad_logs__impressions as (
    select * from {{ ref('stg_ad_logs__impressions') }}
),

stg_ad_logs__positions as (
    select * from {{ ref('stg_ad_logs__positions') }}
),

duplicate_copies as (
    select
        'raw_sample' as source_table,
        cast(null as varchar) as source_file,
        cast(null as bigint) as source_row_number,
        'user,time_stamp,adgroup_id,pid' as reject_column,
        concat_ws(
            ',',
            cast(stg_ad_logs__impressions.user_id as varchar),
            cast(stg_ad_logs__impressions.displayed_epoch_seconds as varchar),
            cast(stg_ad_logs__impressions.adgroup_id as varchar),
            stg_ad_logs__positions.pid
        ) as rejected_value,
        'duplicate_impression' as reject_reason,
        unnest(generate_series(2, stg_ad_logs__impressions.raw_row_count)) as copy_number
    from stg_ad_logs__impressions
    left join stg_ad_logs__positions
        on stg_ad_logs__impressions.pid_key = stg_ad_logs__positions.pid_key
    where stg_ad_logs__impressions.raw_row_count > 1
),

final as (
    select * from base_rejects
    union all
    select
        source_table,
        source_file,
        source_row_number,
        reject_column,
        rejected_value,
        reject_reason
    from duplicate_copies
)

select * from final
