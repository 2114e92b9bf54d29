with

stg_ad_logs__behaviour_rows as (
    select * from {{ ref('stg_ad_logs__behaviour_rows') }}
),

final as (
    select
        user_id,
        event_epoch_seconds,
        event_date,
        behaviour_type,
        category_id,
        brand_id
    from stg_ad_logs__behaviour_rows
    where reject_reason is null
)

select * from final
