{#-
    The pass over the impression log, aggregated per user: display and click counts, active days, the
    primary position's share, first and last day, distinct ads / categories / brands / campaigns and the
    mean price of clicked ads. Displays of ad groups missing from ad_feature still count (their
    category/brand/price are null). Staging rejects days outside the window vars; days staged by an
    earlier run with a wider window stay in the incremental table and are left out here, so the features
    always describe the configured window (and active days can be counted as a day bitmap).

    One pass over every user: the display counts straight from the rows (no join), the clicked-ad price
    from the clicked rows only (the only rows joined for it), and each distinct count (ads, categories,
    brands, campaigns) as its own two-step aggregate, the distinct (user, value) pairs and then pairs per
    user (joined to the ads' attributes for the last three): faster and lighter than count(distinct ...)
    over the pairs or list_distinct per user. Each aggregate reads the rows itself rather than sharing a
    CTE: DuckDB keeps a CTE that several aggregates read in memory until the query ends, so the peak
    would grow with the data (docs/architecture.md).
-#}
{%- set primary_pid = var('ad_logs_primary_pid') -%}
{%- set window_start = ad_logs_window_start() -%}
{%- set window_end = ad_logs_window_end() -%}
{%- set impressions -%}
    (
        select
            user_id,
            adgroup_id,
            pid_key,
            display_date,
            is_clicked
        from {{ ref('stg_ad_logs__impressions') }}
        where display_date between date '{{ window_start }}' and date '{{ window_end }}'
    )
{%- endset %}

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

display_totals as (
    select
        impressions.user_id,
        count(*) as impression_count,
        count(*) filter (where impressions.is_clicked) as click_count,
        {{ count_distinct_days('impressions.display_date', window_start, window_end) }}
            as active_day_count,
        count(*) filter (
            where impressions.pid_key = (select primary_position.pid_key from primary_position)
        ) as primary_pid_impression_count,
        min(impressions.display_date) as first_display_date,
        max(impressions.display_date) as last_display_date
    from {{ impressions }} as impressions
    group by impressions.user_id
),

-- Averaged as exact decimals: a parallel sum of doubles differs in the last bits between runs, and
-- the segmentation run id hashes this column (decimal(38, 6): prices below 1e32, rounded to 1e-6).
clicked_prices as (
    select
        impressions.user_id,
        cast(avg(cast(ads.price as decimal(38, 6))) as double) as mean_clicked_ad_price
    from {{ impressions }} as impressions
    inner join stg_ad_logs__ad_features as ads
        on impressions.adgroup_id = ads.adgroup_id
    where impressions.is_clicked
    group by impressions.user_id
),

-- Each distinct count: the distinct (user, value) pairs, then pairs per user (see the header).
distinct_ads as (
    select
        ads_seen.user_id,
        count(*) as distinct_ad_count
    from (
        select
            impressions.user_id,
            impressions.adgroup_id
        from {{ impressions }} as impressions
        group by impressions.user_id, impressions.adgroup_id
    ) as ads_seen
    group by ads_seen.user_id
),

{% for attribute in ['category', 'brand', 'campaign'] %}
    distinct_{{ attribute }}_counts as (
        select
            values_seen.user_id,
            count(*) as distinct_{{ attribute }}_count
        from (
            select
                impressions.user_id,
                ads.{{ attribute }}_id
            from {{ impressions }} as impressions
            inner join stg_ad_logs__ad_features as ads
                on impressions.adgroup_id = ads.adgroup_id
            where ads.{{ attribute }}_id is not null
            group by impressions.user_id, ads.{{ attribute }}_id
        ) as values_seen
        group by values_seen.user_id
    ),

{% endfor %}
joined as (
    select
        totals.user_id,
        totals.impression_count,
        totals.click_count,
        totals.active_day_count,
        distinct_ads.distinct_ad_count,
        coalesce(distinct_categories.distinct_category_count, 0) as distinct_category_count,
        coalesce(distinct_brands.distinct_brand_count, 0) as distinct_brand_count,
        coalesce(distinct_campaigns.distinct_campaign_count, 0) as distinct_campaign_count,
        totals.primary_pid_impression_count,
        clicked_prices.mean_clicked_ad_price,
        totals.first_display_date,
        totals.last_display_date
    from display_totals as totals
    inner join distinct_ads
        on totals.user_id = distinct_ads.user_id
    left join distinct_category_counts as distinct_categories
        on totals.user_id = distinct_categories.user_id
    left join distinct_brand_counts as distinct_brands
        on totals.user_id = distinct_brands.user_id
    left join distinct_campaign_counts as distinct_campaigns
        on totals.user_id = distinct_campaigns.user_id
    left join clicked_prices
        on totals.user_id = clicked_prices.user_id
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
    from joined
)

select * from final
