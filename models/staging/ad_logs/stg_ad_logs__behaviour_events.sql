with

base_ad_logs__behavior_log as (
    select * from {{ ref('base_ad_logs__behavior_log') }}
),

final as (
    select
        user_id,
        event_epoch_seconds,
        event_date,
        behaviour_type,
        category_id,
        brand_id
    from base_ad_logs__behavior_log
    where reject_reason is null
)

select * from final
