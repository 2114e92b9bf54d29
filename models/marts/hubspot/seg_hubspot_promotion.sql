{#- One row per APREU prospect: entry channel by promotion keywords (3A Digital, 3B Event, 3C Messaging,
    3D Niche, Unknown when no keyword matches). Highest distinct-keyword score wins; ties go to the group
    with the lower tie_priority (Event > Digital > Messaging > Niche). -#}
{#- One <group>_score column per promotion group of the seed. -#}
{%- set promotion_groups = seed_column_values(ref('hubspot_promotion_groups'), 'promotion_group') -%}
with feat_hubspot_contacts as (

    select * from {{ ref('feat_hubspot_contacts') }}

),

int_hubspot_contact_promotion_groups_scored as (

    select * from {{ ref('int_hubspot_contact_promotion_groups_scored') }}

),

hubspot_promotion_groups as (

    select * from {{ ref('hubspot_promotion_groups') }}

),

hubspot_segment_labels as (

    select * from {{ ref('hubspot_segment_labels') }}
    where segmentation = 'hubspot_promotion'

),

eligible_contacts as (

    select contact_id
    from feat_hubspot_contacts
    where is_apreu_prospect

),

scored_groups as (

    select
        int_hubspot_contact_promotion_groups_scored.contact_id,
        int_hubspot_contact_promotion_groups_scored.promotion_group,
        int_hubspot_contact_promotion_groups_scored.keyword_score,
        hubspot_promotion_groups.segment_code,
        hubspot_promotion_groups.tie_priority
    from int_hubspot_contact_promotion_groups_scored
    inner join hubspot_promotion_groups
        on
            int_hubspot_contact_promotion_groups_scored.promotion_group
            = hubspot_promotion_groups.promotion_group

),

contact_scores as (

    select
        contact_id,
        {%- for group_name in promotion_groups %}
            {%- set score_column = group_name | lower ~ '_score' %}
            cast(
                coalesce(max(keyword_score) filter (where promotion_group = '{{ group_name }}'), 0) as integer
            ) as {{ score_column }},
        {%- endfor %}
        arg_min(promotion_group, [-keyword_score, tie_priority]) as promotion_group,
        arg_min(segment_code, [-keyword_score, tie_priority]) as segment_code
    from scored_groups
    group by contact_id

),

final as (

    select
        eligible_contacts.contact_id,
        coalesce(contact_scores.segment_code, 'Unknown') as segment_code,
        hubspot_segment_labels.segment_name,
        hubspot_segment_labels.marketing_action,
        {%- for group_name in promotion_groups %}
            {%- set score_column = group_name | lower ~ '_score' %}
            coalesce(contact_scores.{{ score_column }}, 0) as {{ score_column }},
        {%- endfor %}
        contact_scores.promotion_group
    from eligible_contacts
    left join contact_scores on eligible_contacts.contact_id = contact_scores.contact_id
    left join hubspot_segment_labels
        on coalesce(contact_scores.segment_code, 'Unknown') = hubspot_segment_labels.segment_code

)

select * from final
