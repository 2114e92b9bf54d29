{#-
    A returned row is an impression key (user, second, ad group, pid_key) present more than once in staging.

    By default only the days a daily incremental run re-writes are checked: the latest day and the
    ad_logs_lookback_days before it (a new day plus the re-processed ones). Those are where appended days
    meet rows already in the table; every day is produced by one GROUP BY on this key, and the unit test
    stg_ad_logs__impressions_collapses_duplicates_and_drops_rejects proves that statement. Checking every
    day costs about three times as much on the build's critical path (docs/decisions/0009); pass
    --vars '{ad_logs_key_test_all_days: true}' (a weekly full check, say) to check every day.
-#}
{%- set lookback_days = var('ad_logs_lookback_days') | int -%}
{%- set all_days = var('ad_logs_key_test_all_days') -%}

with

stg_ad_logs__impressions as (
    select * from {{ ref('stg_ad_logs__impressions') }}
),

-- Read from the table itself: a second reader of the import CTE would make DuckDB materialise that CTE,
-- a copy of every staged row (docs/decisions/0009).
latest_day as (
    select max(display_date) as display_date
    from {{ ref('stg_ad_logs__impressions') }}
),

checked_days as (
    select stg_ad_logs__impressions.*
    from stg_ad_logs__impressions
    cross join latest_day
    where
        {%- if all_days %}
            true
        {%- else %}
            stg_ad_logs__impressions.display_date >= latest_day.display_date - {{ lookback_days }}
        {%- endif %}
),

repeated_keys as (
    select
        user_id,
        displayed_epoch_seconds,
        adgroup_id,
        pid_key,
        count(*) as occurrences
    from checked_days
    group by user_id, displayed_epoch_seconds, adgroup_id, pid_key
    having count(*) > 1
)

select * from repeated_keys
