{{ config(materialized="table") }}  {#- numbered once, so every downstream read sees the same learner ids -#}

-- One row per line of the export: the row position becomes learner_id, every field parsed, each row
-- classified valid or rejected (with the first failing reason). Blank minutes mean "not watched yet" = 0.
with customer_segmentation_data as (
    select * from {{ source('learners', 'customer_segmentation_data') }}
),

learner_regions as (
    select * from {{ ref('learner_regions') }}
),

learner_channels as (
    select * from {{ ref('learner_channels') }}
),

numbered as (
    -- DuckDB keeps file order for a single CSV scan (insertion order is preserved in the profile).
    select
        row_number() over () as learner_id,
        nullif(trim(minutes_watched), '') as minutes_watched_text,
        nullif(trim(clv), '') as clv_text,
        nullif(trim(region), '') as region_text,
        nullif(trim(channel), '') as channel_text
    from customer_segmentation_data
),

parsed as (
    select
        learner_id,
        minutes_watched_text,
        clv_text,
        region_text,
        channel_text,
        coalesce(try_cast(minutes_watched_text as double), 0.0) as minutes_watched,
        minutes_watched_text is null as is_minutes_blank,
        try_cast(clv_text as double) as clv,
        try_cast(region_text as integer) as region_code,
        try_cast(channel_text as integer) as channel_code
    from numbered
),

classified as (
    select
        *,
        case
            when minutes_watched_text is not null and try_cast(minutes_watched_text as double) is null
                then 'minutes_watched is not a number'
            when minutes_watched < 0 then 'minutes_watched is negative'
            when clv_text is null then 'CLV is missing'
            when clv is null then 'CLV is not a number'
            when region_text is null then 'region is missing'
            when region_code is null
                or region_code not in (select learner_regions.region_code from learner_regions)
                then 'region is not a known region code (seed learner_regions)'
            when channel_text is null then 'channel is missing'
            when channel_code is null
                or channel_code not in (select learner_channels.channel_code from learner_channels)
                then 'channel is not a known channel code (seed learner_channels)'
        end as reject_reason
    from parsed
)

select * from classified
