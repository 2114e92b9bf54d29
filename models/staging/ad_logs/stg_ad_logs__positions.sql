{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
    )
}}

{#-
    One row per ad position (pid text) seen in any raw_sample row, with the 64-bit key
    (ad_logs_pid_key) that stg_ad_logs__impressions stores instead of the text. Every run reads the pid
    column of every raw file and appends the (pid, pid_key) pairs the table does not hold yet, so
    positions of impressions staged by earlier runs stay mapped even when their files are gone. Its two
    unique tests make the key exact: a pid_key with two texts is a hash collision, a pid with two keys means the hash function changed between runs (a new engine version);
    both stop the build, and rebuilding this model and stg_ad_logs__impressions with --full-refresh
    re-keys every impression.
    Built after stg_ad_logs__impressions (the depends_on below), not beside it: run together, the two
    scans of every raw file compete for the cores and the impressions query, the longest on the path,
    finishes later; run after it, this one is short (docs/decisions/0021). The order does not hang on names.
-#}

-- depends_on: {{ ref('stg_ad_logs__impressions') }}

with

base_ad_logs__raw_sample as (
    select * from {{ ref('base_ad_logs__raw_sample') }}
),

positions as (
    select
        pid,
        {{ ad_logs_pid_key('pid') }} as pid_key
    from base_ad_logs__raw_sample
    where pid is not null
    group by pid
),

final as (
    select
        pid,
        pid_key
    from positions
    {%- if is_incremental() %}
        where not exists (
            select 1
            from {{ this }} as known
            where known.pid = positions.pid and known.pid_key = positions.pid_key
        )
    {%- endif %}
)

select * from final
