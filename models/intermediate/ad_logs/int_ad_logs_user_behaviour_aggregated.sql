with

stg_ad_logs__behaviour_events as (
    select * from {{ ref('stg_ad_logs__behaviour_events') }}
),

final as (
    select
        user_id,
        count(*) as behaviour_event_count,
        count(*) filter (where behaviour_type = 'pv') as page_view_count,
        count(*) filter (where behaviour_type = 'cart') as cart_count,
        count(*) filter (where behaviour_type = 'fav') as favourite_count,
        count(*) filter (where behaviour_type = 'buy') as purchase_count
    from stg_ad_logs__behaviour_events
    group by user_id
)

select * from final
