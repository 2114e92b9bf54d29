{{ config(materialized='ephemeral') }}

{#-
    Every behavior_log row, typed, with the first rule it breaks in reject_reason (null when valid). The
    raw_* columns keep the file's own values; stg_ad_logs__rejects casts them to text for rejected rows.
    Repeated identical events are kept (several page views in one second are plausible). The behaviour
    log is not limited to the ad-log data window: it is the users' shopping history.
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
        source_file,
        raw_user,
        raw_time_stamp,
        raw_btag,
        user_id,
        event_epoch_seconds,
        date '1970-01-01' + cast((event_epoch_seconds + 28800) // 86400 as integer) as event_date,
        behaviour_type,
        category_id,
        brand_id,
        reject_reason
    from checked
)

select * from final
