{{
    config(
        pre_hook="{{ set_preserve_insertion_order(false) }}",
        post_hook="{{ set_preserve_insertion_order(true) }}",
    )
}}

{#-
    The pass over the impression log: every display of the data window joined to its ad's attributes,
    aggregated per user. Displays of ad groups missing from ad_feature still count (their
    category/brand/price are null). Staging rejects days outside the window vars; days staged by an
    earlier run with a wider window stay in the incremental table and are left out here, so the features
    always describe the configured window (and active days can be counted as a day bitmap).

    Users are aggregated in `ad_logs_user_buckets` ranges of user_id (default 12), one group by each,
    unioned. stg_ad_logs__impressions is written in user_id order, so each range reads only its own row
    groups (zone maps) and its five distinct counts hash a few million (user, x) pairs instead of 26M:
    at full scale about 18 CPU-seconds instead of 35-37 (the sort costs staging about 4). A user falls in
    exactly one range, so the union holds one row per user whatever the bucket count; 1 gives one group by.
-#}
{%- set primary_pid = var('ad_logs_primary_pid', '430548_1007') -%}
{%- set window_start = ad_logs_window_start() -%}
{%- set window_end = ad_logs_window_end() -%}
{%- set user_ranges = integer_ranges(
    ref('stg_ad_logs__impressions'), 'user_id', var('ad_logs_user_buckets', 12)
) or [none] -%}

with

stg_ad_logs__ad_features as (
    select * from {{ ref('stg_ad_logs__ad_features') }}
),

stg_ad_logs__positions as (
    select * from {{ ref('stg_ad_logs__positions') }}
),

-- Staging stores each pid as its 64-bit key; the primary position's key comes from the positions table
-- (no row when the logs never show that pid: then every share is 0).
primary_position as (
    select pid_key
    from stg_ad_logs__positions
    where pid = '{{ primary_pid }}'
),

{% for user_range in user_ranges %}
    {%- set in_user_range = 'true' if user_range is none
        else 'user_id between ' ~ user_range[0] ~ ' and ' ~ user_range[1] %}
    impressions_{{ loop.index }} as (
        select
            user_id,
            adgroup_id,
            pid_key,
            display_date,
            is_clicked
        from {{ ref('stg_ad_logs__impressions') }}
        where
            display_date between date '{{ window_start }}' and date '{{ window_end }}'
            and {{ in_user_range }}
    ),

    aggregated_{{ loop.index }} as (
        select
            impressions.user_id,
            count(*) as impression_count,
            count(*) filter (where impressions.is_clicked) as click_count,
            {{ count_distinct_days('impressions.display_date', window_start, window_end) }}
                as active_day_count,
            count(distinct impressions.adgroup_id) as distinct_ad_count,
            count(distinct ads.category_id) as distinct_category_count,
            count(distinct ads.brand_id) as distinct_brand_count,
            count(distinct ads.campaign_id) as distinct_campaign_count,
            count(*) filter (
                where impressions.pid_key = (select primary_position.pid_key from primary_position)
            ) as primary_pid_impression_count,
            -- Summed as exact decimals: a parallel sum of doubles differs in the last bits between runs,
            -- and the segmentation run id hashes this column (decimal(38, 6): prices below 1e32, rounded
            -- to 1e-6).
            cast(avg(cast(ads.price as decimal(38, 6))) filter (where impressions.is_clicked) as double)
                as mean_clicked_ad_price,
            min(impressions.display_date) as first_display_date,
            max(impressions.display_date) as last_display_date
        from impressions_{{ loop.index }} as impressions
        left join stg_ad_logs__ad_features as ads
            on impressions.adgroup_id = ads.adgroup_id
        group by impressions.user_id
    ),

{% endfor %}
aggregated as (
    {%- for user_range in user_ranges %}
        select * from aggregated_{{ loop.index }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        user_id,
        impression_count,
        click_count,
        cast(click_count as double) / impression_count as click_through_rate,
        active_day_count,
        distinct_ad_count,
        distinct_category_count,
        distinct_brand_count,
        distinct_campaign_count,
        cast(primary_pid_impression_count as double) / impression_count as primary_pid_share,
        mean_clicked_ad_price,
        first_display_date,
        last_display_date
    from aggregated
)

select * from final
