{{
    config(
        materialized='table' if var('ad_logs_file_format') == 'csv' else 'ephemeral',
        pre_hook="{{ set_preserve_insertion_order(false) }}",
        post_hook="{{ set_preserve_insertion_order(true) }}",
    )
}}

{#-
    Every behavior_log row, typed, with the first rule it breaks in reject_reason (null when valid). On a
    rejected row source_file and the raw_* columns keep the file's own values (stg_ad_logs__rejects casts
    them to text); on a valid row they are null, so they cost next to nothing to store.
    Repeated identical events are kept (several page views in one second are plausible). The behaviour
    log is not limited to the ad-log data window: it is the users' shopping history.
    Read from CSV it is a table, so the text is parsed once per build: stg_ad_logs__behaviour_events, its
    tests, the behaviour aggregate and stg_ad_logs__rejects all read it (the public behavior_log.csv has
    about 723M rows, 28 times raw_sample.csv). Read from Parquet it stays ephemeral: each reader scans only
    the columns it needs, which costs less than writing the table (a 98M-row log: 41.0 s against 54.4 s).
-#}
with

source as (
    select * from {{ source('ad_logs', 'behavior_log') }}
),

typed as (
    select
        filename as source_file,
        user as raw_user,
        time_stamp as raw_time_stamp,
        btag as raw_btag,
        try_cast(user as bigint) as user_id,
        try_cast(user as double) = try_cast(user as bigint) as is_integer_user,
        try_cast(time_stamp as bigint) as event_epoch_seconds,
        try_cast(time_stamp as double) = try_cast(time_stamp as bigint)
            as is_integer_time_stamp,
        lower(trim(cast(btag as varchar))) as behaviour_type,
        try_cast({{ ad_logs_present_text('cate') }} as bigint) as category_id,
        try_cast({{ ad_logs_present_text('brand') }} as bigint) as brand_id
    from source
),

checked as (
    select
        *,
        case
            when user_id is null or not is_integer_user then 'non_integer_user_id'
            when user_id < 0 then 'negative_user_id'
            when event_epoch_seconds is null or not is_integer_time_stamp then 'non_integer_time_stamp'
            when behaviour_type is null or behaviour_type not in ('pv', 'cart', 'fav', 'buy')
                then 'unknown_btag'
        end as reject_reason
    from typed
),

final as (
    select
        case when reject_reason is not null then source_file end as source_file,
        case when reject_reason is not null then raw_user end as raw_user,
        case when reject_reason is not null then raw_time_stamp end as raw_time_stamp,
        case when reject_reason is not null then raw_btag end as raw_btag,
        user_id,
        event_epoch_seconds,
        {{ ad_logs_log_day('event_epoch_seconds') }} as event_date,
        behaviour_type,
        category_id,
        brand_id,
        reject_reason
    from checked
)

select * from final
