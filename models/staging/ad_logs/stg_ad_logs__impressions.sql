{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook="{{ ad_logs_clear_reprocessed_days(this) }}",
        on_schema_change='fail',
    )
}}

{#-
    Incremental by log day: a run re-processes the last `ad_logs_lookback_days` loaded days (default 1:
    the latest loaded day, whose late rows arrive in the next day's file) and every newer day. The
    pre-hook empties those days first and the run appends them, so each is replaced whole, by nothing
    when its file no longer yields a valid row. 0 re-processes nothing already loaded. A full refresh
    gives the same table.
-#}
{%- set floor_epoch_seconds = ad_logs_reprocess_floor(this) %}

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
