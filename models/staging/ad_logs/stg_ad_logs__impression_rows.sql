{{ config(materialized='ephemeral') }}

{#-
    Every raw_sample row, typed, with the first rule it breaks in reject_reason (null when valid). The
    raw_* columns keep the file's own values (text in CSV, numbers in Parquet): stg_ad_logs__rejects
    turns them into text only for the rows it keeps, not for every row read.
    Ids must be integers >= 0 ('12.5', 'abc' and '' are rejected; '1e3' reads as 1000); clk and nonclk
    must each be 0 or 1 and sum to 1; the log day (time_stamp + 8 h, integer days since 1970-01-01, so
    UTC+8 whatever the session time zone) must fall inside the data window vars.
-#}
{%- set window_start = ad_logs_window_start() -%}
{%- set window_end = ad_logs_window_end() -%}

with

source as (
    select * from {{ source('ad_logs', 'raw_sample') }}
),

typed as (
    select
        filename as source_file,
        user as raw_user,
        time_stamp as raw_time_stamp,
        adgroup_id as raw_adgroup_id,
        pid as raw_pid,
        nonclk as raw_nonclk,
        clk as raw_clk,
        try_cast(user as bigint) as user_id,
        try_cast(time_stamp as bigint) as displayed_epoch_seconds,
        try_cast(adgroup_id as bigint) as adgroup_id,
        nullif(trim(cast(pid as varchar)), '') as pid,
        try_cast(nonclk as bigint) as nonclk,
        try_cast(clk as bigint) as clk,
        try_cast(user as double) = try_cast(user as bigint) as is_integer_user,
        try_cast(time_stamp as double) = try_cast(time_stamp as bigint)
            as is_integer_time_stamp,
        try_cast(adgroup_id as double) = try_cast(adgroup_id as bigint)
            as is_integer_adgroup_id
    from source
),

dated as (
    select
        *,
        {{ ad_logs_log_day('displayed_epoch_seconds') }} as display_date
    from typed
),

checked as (
    select
        *,
        case
            when user_id is null or not is_integer_user then 'non_integer_user_id'
            when user_id < 0 then 'negative_user_id'
            when adgroup_id is null or not is_integer_adgroup_id then 'non_integer_adgroup_id'
            when adgroup_id < 0 then 'negative_adgroup_id'
            when displayed_epoch_seconds is null or not is_integer_time_stamp then 'non_integer_time_stamp'
            when display_date not between date '{{ window_start }}' and date '{{ window_end }}'
                then 'time_stamp_outside_window'
            when pid is null then 'missing_pid'
            when clk is null or clk not in (0, 1) then 'clk_not_0_or_1'
            when nonclk is null or nonclk not in (0, 1) then 'nonclk_not_0_or_1'
            when clk + nonclk != 1 then 'clk_plus_nonclk_not_1'
        end as reject_reason
    from dated
),

final as (
    select
        source_file,
        raw_user,
        raw_time_stamp,
        raw_adgroup_id,
        raw_pid,
        raw_nonclk,
        raw_clk,
        user_id,
        displayed_epoch_seconds,
        display_date,
        adgroup_id,
        pid,
        clk = 1 as is_clicked,
        reject_reason
    from checked
)

select * from final
