{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='display_date',
        on_schema_change='fail',
    )
}}

{#-
    Incremental by log day: a run re-processes the last `ad_logs_lookback_days` loaded days (default 1:
    the latest loaded day, whose late rows arrive in the next day's file) and every newer day, replacing
    those days whole (delete+insert on display_date). 0 re-processes nothing already loaded. The lower
    bound is a literal epoch second, so Parquet row-group statistics skip older files. A full refresh
    gives the same table.
-#}
{%- set lookback_days = var('ad_logs_lookback_days') | int -%}
{%- set floor_epoch_seconds = none -%}
{%- if execute and is_incremental() -%}
    {%- set latest = run_query('select max(display_date) from ' ~ this).columns[0].values()[0] -%}
    {%- if latest is not none -%}
        {%- set floor_epoch_seconds = (
            (modules.datetime.date.fromisoformat(latest | string)
             - modules.datetime.timedelta(days=lookback_days - 1)
             - modules.datetime.date(1970, 1, 1)).days * 86400 - 28800
        ) -%}
    {%- endif -%}
{%- endif %}

with

base_ad_logs__raw_sample as (
    select * from {{ ref('base_ad_logs__raw_sample') }}
),

valid_rows as (
    select
        user_id,
        displayed_epoch_seconds,
        adgroup_id,
        {{ ad_logs_pid_key('pid') }} as pid_key,
        is_clicked
    from base_ad_logs__raw_sample
    where
        reject_reason is null {%- if floor_epoch_seconds is not none %}
            and displayed_epoch_seconds >= {{ floor_epoch_seconds }} {%- endif %}
),

-- The impressions' exact-duplicate check, which is why this staging model groups: rows repeating (user,
-- second, ad group, pid) are one display, the staged grain, kept once and clicked if any copy was; the
-- extra copies are listed in stg_ad_logs__rejects as duplicate_impression. Here rather than in base like
-- the other files' duplicate checks: one plain group by on the key costs less than first marking the few
-- repeated rows among every raw row. The pid is grouped (and stored) as its 64-bit
-- key (ad_logs_pid_key; stg_ad_logs__positions has the text), which groups and sorts faster than the
-- text. The log day is a function of the second, computed after the grouping rather than carried
-- through it.
deduplicated as (
    select
        user_id,
        displayed_epoch_seconds,
        adgroup_id,
        pid_key,
        bool_or(is_clicked) as is_clicked,
        count(*) as raw_row_count
    from valid_rows
    group by user_id, displayed_epoch_seconds, adgroup_id, pid_key
),

final as (
    select
        user_id,
        adgroup_id,
        pid_key,
        {{ ad_logs_log_day('displayed_epoch_seconds') }} as display_date,
        displayed_epoch_seconds,
        is_clicked,
        raw_row_count
    from deduplicated
)

select * from final
