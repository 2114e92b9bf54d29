{#- One row per APREU prospect (APREU owner, lifecycle not other/subscriber): geography tier × engagement
    segment 2A–2F, or 2Z for unknown geography. High engager = engagement_score at or above the tier's
    70th percentile (percentile_cont). -#}
{#- Cluster 2: a high engager is at or above the 70th percentile of engagement_score within the geo tier. -#}
{%- set high_engager_quantile = 0.70 -%}
with feat_hubspot_contacts as (

    select * from {{ ref('feat_hubspot_contacts') }}

),

hubspot_segment_labels as (

    select * from {{ ref('hubspot_segment_labels') }}
    where segmentation = 'hubspot_geography'

),

eligible_contacts as (

    select
        contact_id,
        geo_tier,
        state_code,
        engagement_score
    from feat_hubspot_contacts
    where is_apreu_prospect

),

tier_thresholds as (

    select
        geo_tier,
        percentile_cont({{ high_engager_quantile }}) within group (order by engagement_score)
            as tier_engagement_q70
    from eligible_contacts
    group by geo_tier

),

classified as (

    select
        eligible_contacts.contact_id,
        eligible_contacts.geo_tier,
        eligible_contacts.state_code,
        eligible_contacts.engagement_score,
        tier_thresholds.tier_engagement_q70,
        eligible_contacts.engagement_score >= tier_thresholds.tier_engagement_q70 as is_high_engager
    from eligible_contacts
    inner join tier_thresholds on eligible_contacts.geo_tier = tier_thresholds.geo_tier

),

coded as (

    select
        *,
        case geo_tier
            when 'domestic_non_local' then case when is_high_engager then '2A' else '2B' end
            when 'international' then case when is_high_engager then '2C' else '2D' end
            when 'local' then case when is_high_engager then '2E' else '2F' end
            else '2Z'
        end as segment_code
    from classified

),

final as (

    select
        coded.contact_id,
        coded.segment_code,
        hubspot_segment_labels.segment_name,
        hubspot_segment_labels.marketing_action,
        coded.geo_tier,
        coded.is_high_engager,
        coded.engagement_score,
        coded.tier_engagement_q70,
        coded.state_code,
        case
            when coded.segment_code in ('2A', '2B') and coded.state_code is not null
                then coded.segment_code || '-' || coded.state_code
        end as segment_state
    from coded
    left join hubspot_segment_labels on coded.segment_code = hubspot_segment_labels.segment_code

)

select * from final
