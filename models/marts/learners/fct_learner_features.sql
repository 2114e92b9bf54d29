-- The published solution's 14 clustering features per learner: minutes, CLV, the region code, and the
-- channel and region dummies (booleans; the engine reads them as 0/1).
with stg_learners as (
    select * from {{ ref('stg_learners__learners') }}
),

learner_regions as (
    select * from {{ ref('learner_regions') }}
),

learner_channels as (
    select * from {{ ref('learner_channels') }}
),

decoded as (
    select
        stg_learners.learner_id,
        stg_learners.minutes_watched,
        stg_learners.is_minutes_blank,
        stg_learners.clv,
        stg_learners.region_code,
        learner_regions.region_label,
        stg_learners.channel_code,
        learner_channels.channel_name
    from stg_learners
    inner join learner_regions
        on stg_learners.region_code = learner_regions.region_code
    inner join learner_channels
        on stg_learners.channel_code = learner_channels.channel_code
),

final as (
    select
        learner_id,
        minutes_watched,
        is_minutes_blank,
        clv,
        region_code,
        region_label,
        channel_code,
        channel_name,
        channel_code = 1 as is_channel_google,
        channel_code = 2 as is_channel_facebook,
        channel_code = 3 as is_channel_youtube,
        channel_code = 4 as is_channel_linkedin,
        channel_code = 5 as is_channel_twitter,
        channel_code = 6 as is_channel_instagram,
        channel_code = 7 as is_channel_friend,
        channel_code = 8 as is_channel_other,
        region_code = 0 as is_region_anglo_saxon,
        region_code = 1 as is_region_western_europe,
        region_code = 2 as is_region_world
    from decoded
)

select * from final
