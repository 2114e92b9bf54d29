-- A returned row means segment 1A does not have the higher mean engagement_score + social_intensity
-- of the two.
with seg_hubspot_social as (
    select * from {{ ref('seg_hubspot_social') }}
),

fct_hubspot_contact_features as (
    select * from {{ ref('fct_hubspot_contact_features') }}
),

segment_scores as (
    select
        seg_hubspot_social.segment_code,
        avg(fct_hubspot_contact_features.engagement_score)
        + avg(fct_hubspot_contact_features.social_intensity) as combined_score
    from seg_hubspot_social
    inner join fct_hubspot_contact_features
        on seg_hubspot_social.contact_id = fct_hubspot_contact_features.contact_id
    group by seg_hubspot_social.segment_code
),

compared as (
    select
        max(combined_score) filter (where segment_code = '1A') as score_1a,
        max(combined_score) filter (where segment_code = '1B') as score_1b
    from segment_scores
)

select *
from compared
where not coalesce(score_1a > score_1b, false)
