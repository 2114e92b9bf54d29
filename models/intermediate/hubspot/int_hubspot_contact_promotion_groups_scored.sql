{#- One row per contact × promotion group with at least one of the group's keywords in the promotion text;
    score = number of distinct (normalised) keywords of the group found as whole tokens. -#}
with

{{ hubspot_keyword_candidates(
    ref('stg_hubspot__contacts'), 'promotion_text', ref('hubspot_promotion_keywords'), 'promotion_group'
) }},

keyword_hits as (

    select distinct
        candidate_pairs.contact_id,
        candidate_pairs.promotion_group,
        candidate_pairs.token_keyword
    from candidate_pairs
    inner join contact_texts on candidate_pairs.contact_id = contact_texts.contact_id
    where contains(contact_texts.token_text, candidate_pairs.token_keyword)

),

final as (

    select
        contact_id,
        promotion_group,
        cast(count(distinct token_keyword) as integer) as keyword_score
    from keyword_hits
    group by contact_id, promotion_group

)

select * from final
