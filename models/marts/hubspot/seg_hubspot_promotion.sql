{#- One row per APREU prospect: entry channel by promotion keywords (3A Digital, 3B Event, 3C Messaging,
    3D Niche, Unknown when no keyword matches). Highest distinct-keyword score wins; ties go to the group
    with the lower tie_priority (Event > Digital > Messaging > Niche). -#}
with fct_hubspot_contact_features as (

    select * from {{ ref('fct_hubspot_contact_features') }}

),

int_hubspot_contact_promotion_scores as (

    select * from {{ ref('int_hubspot_contact_promotion_scores') }}

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
    from fct_hubspot_contact_features
    where is_apreu_owner and not is_excluded_lifecycle

),

scored_groups as (

    select
        int_hubspot_contact_promotion_scores.contact_id,
        int_hubspot_contact_promotion_scores.promotion_group,
        int_hubspot_contact_promotion_scores.keyword_score,
        hubspot_promotion_groups.segment_code,
        hubspot_promotion_groups.tie_priority
    from int_hubspot_contact_promotion_scores
    inner join hubspot_promotion_groups
        on int_hubspot_contact_promotion_scores.promotion_group = hubspot_promotion_groups.promotion_group

),

contact_scores as (

    select
        contact_id,
        {%- for group_name in ['Digital', 'Event', 'Messaging', 'Niche'] %}
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
        {%- for group_name in ['digital', 'event', 'messaging', 'niche'] %}
            coalesce(contact_scores.{{ group_name }}_score, 0) as {{ group_name }}_score,
        {%- endfor %}
        contact_scores.promotion_group
    from eligible_contacts
    left join contact_scores on eligible_contacts.contact_id = contact_scores.contact_id
    left join hubspot_segment_labels
        on coalesce(contact_scores.segment_code, 'Unknown') = hubspot_segment_labels.segment_code

)

select * from final
