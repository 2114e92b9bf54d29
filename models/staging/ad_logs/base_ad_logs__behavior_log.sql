{{
    config(
        materialized='table' if var('ad_logs_file_format') == 'csv' else 'ephemeral',
        pre_hook="{{ set_preserve_insertion_order(false) }}",
        post_hook="{{ set_preserve_insertion_order(true) }}",
    )
}}

{#-
    Every behavior_log row, typed, with its file, row and first defect (reject_reason null when valid);
    rejected_value, the raw value as text, is kept on rejected rows only, so it costs next to nothing to
    store. Repeated identical events are kept (several page views in one second are plausible). The
    behaviour log is not limited to the ad-log data window: it is the users' shopping history.
    Read from CSV it is a table, so the text is parsed once per build: stg_ad_logs__behaviour_events, its
    tests, the behaviour aggregate and stg_ad_logs__rejects all read it (the public behavior_log.csv has
    about 723M rows, 28 times raw_sample.csv). Read from Parquet it stays ephemeral: each reader scans only
    the columns it needs, which costs less than writing the table (docs/decisions/0011, and 0022 for the
    insertion-order hooks).
-#}
{%- set rules = [
    {'reason': 'non_integer_user_id', 'column': 'user',
     'failed': 'user_id is null or (' ~ loading_is_not_whole_number('raw_user', 'user_id') ~ ')'},
    {'reason': 'negative_user_id', 'column': 'user', 'failed': 'user_id < 0'},
    {'reason': 'non_integer_time_stamp', 'column': 'time_stamp',
     'failed': 'event_epoch_seconds is null or ('
        ~ loading_is_not_whole_number('raw_time_stamp', 'event_epoch_seconds') ~ ')'},
    {'reason': 'unknown_btag', 'column': 'btag',
     'failed': "behaviour_type is null or behaviour_type not in ('pv', 'cart', 'fav', 'buy')"},
] -%}

with

source as (
    select * from {{ source('ad_logs', 'behavior_log') }}
),

typed as (
    select
        filename as source_file,
        {{ ad_logs_source_row_number() }} as source_row_number,
        user as raw_user,
        time_stamp as raw_time_stamp,
        btag as raw_btag,
        try_cast(user as bigint) as user_id,
        try_cast(time_stamp as bigint) as event_epoch_seconds,
        lower(trim(cast(btag as varchar))) as behaviour_type,
        try_cast({{ loading_present_text('cate', null_markers=['NULL']) }} as bigint) as category_id,
        try_cast({{ loading_present_text('brand', null_markers=['NULL']) }} as bigint) as brand_id
    from source
),

checked as (
    select
        *,
        {{ ad_logs_reject_reason(rules) }} as reject_reason
    from typed
),

final as (
    select
        source_file,
        source_row_number,
        {{ ad_logs_reject_details(rules) }},
        reject_reason,
        user_id,
        event_epoch_seconds,
        {{ ad_logs_log_day('event_epoch_seconds') }} as event_date,
        behaviour_type,
        category_id,
        brand_id
    from checked
)

select * from final
