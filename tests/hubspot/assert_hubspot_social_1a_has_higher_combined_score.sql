-- A returned row means segment 1A does not have the higher mean engagement_score + social_intensity
-- of the two.
with seg_hubspot_social as (
    select * from {{ ref('seg_hubspot_social') }}
),

feat_hubspot_contacts as (
    select * from {{ ref('feat_hubspot_contacts') }}
),

segment_scores as (
    select
        seg_hubspot_social.segment_code,
        avg(feat_hubspot_contacts.engagement_score)
        + avg(feat_hubspot_contacts.social_intensity) as combined_score
    from seg_hubspot_social
    inner join feat_hubspot_contacts
        on seg_hubspot_social.contact_id = feat_hubspot_contacts.contact_id
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
