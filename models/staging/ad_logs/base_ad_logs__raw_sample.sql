{{ config(materialized='ephemeral') }}

{#-
    Every raw_sample row of every daily file, typed, with its file, row and first defect (reject_reason
    null when valid). Ids must be integers >= 0 ('12.5', 'abc' and '' are rejected; '1e3' reads as
    1000); clk and nonclk must each be 0 or 1 and sum to 1; the log day (time_stamp + 8 h, integer days
    since 1970-01-01, so UTC+8 whatever the session time zone) must fall inside the data window vars.
    The raw values stay as the file has them (text in CSV, numbers in Parquet): rejected_value turns the
    defective one into text on rejected rows only, so the readers of all 26M valid rows never pay for it.
    Ephemeral: every reader (impressions, positions, rejects, the reconciliation test) scans only the
    columns it needs.
-#}
{%- set window_start = ad_logs_window_start() -%}
{%- set window_end = ad_logs_window_end() -%}
{%- set rules = [
    {'reason': 'non_integer_user_id', 'column': 'user',
     'failed': 'user_id is null or (' ~ loading_is_not_whole_number('raw_user', 'user_id') ~ ')'},
    {'reason': 'negative_user_id', 'column': 'user', 'failed': 'user_id < 0'},
    {'reason': 'non_integer_adgroup_id', 'column': 'adgroup_id',
     'failed': 'adgroup_id is null or ('
        ~ loading_is_not_whole_number('raw_adgroup_id', 'adgroup_id') ~ ')'},
    {'reason': 'negative_adgroup_id', 'column': 'adgroup_id', 'failed': 'adgroup_id < 0'},
    {'reason': 'non_integer_time_stamp', 'column': 'time_stamp',
     'failed': 'displayed_epoch_seconds is null or ('
        ~ loading_is_not_whole_number('raw_time_stamp', 'displayed_epoch_seconds') ~ ')'},
    {'reason': 'time_stamp_outside_window', 'column': 'time_stamp',
     'failed': "display_date not between date '" ~ window_start ~ "' and date '" ~ window_end ~ "'"},
    {'reason': 'missing_pid', 'column': 'pid', 'failed': 'pid is null'},
    {'reason': 'clk_not_0_or_1', 'column': 'clk', 'failed': 'clk is null or clk not in (0, 1)'},
    {'reason': 'nonclk_not_0_or_1', 'column': 'nonclk', 'failed': 'nonclk is null or nonclk not in (0, 1)'},
    {'reason': 'clk_plus_nonclk_not_1', 'column': 'nonclk,clk', 'failed': 'clk + nonclk != 1',
     'value': "concat_ws(',', cast(raw_nonclk as varchar), cast(raw_clk as varchar))"},
] -%}

with

source as (
    select * from {{ source('ad_logs', 'raw_sample') }}
),

typed as (
    select
        filename as source_file,
        {{ ad_logs_source_row_number() }} as source_row_number,
        user as raw_user,
        time_stamp as raw_time_stamp,
        adgroup_id as raw_adgroup_id,
        pid as raw_pid,
        nonclk as raw_nonclk,
        clk as raw_clk,
        try_cast(user as bigint) as user_id,
        try_cast(time_stamp as bigint) as displayed_epoch_seconds,
        try_cast(adgroup_id as bigint) as adgroup_id,
        {{ loading_present_text('pid') }} as pid,
        try_cast(nonclk as bigint) as nonclk,
        try_cast(clk as bigint) as clk
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
        {{ ad_logs_reject_reason(rules) }} as reject_reason
    from dated
),

final as (
    select
        source_file,
        source_row_number,
        {{ ad_logs_reject_details(rules) }},
        reject_reason,
        user_id,
        displayed_epoch_seconds,
        display_date,
        adgroup_id,
        pid,
        clk = 1 as is_clicked
    from checked
)

select * from final
