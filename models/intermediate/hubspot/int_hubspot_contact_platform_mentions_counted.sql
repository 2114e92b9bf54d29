{#- One row per contact × platform mentioned at least once in the contact's acquisition-source history. -#}
with

{{ hubspot_keyword_candidates(
    ref('stg_hubspot__contacts'), 'source_history_text', ref('hubspot_platform_keywords'), 'platform'
) }},

keyword_occurrences as (

    -- Overlapping keywords each count, as in the notebook
    -- ('facebook ads' counts 'facebook' and 'facebook ads').
    select
        candidate_pairs.contact_id,
        candidate_pairs.platform,
        {{ hubspot_keyword_occurrences('contact_texts.token_text', 'candidate_pairs.token_keyword') }}
            as occurrences
    from candidate_pairs
    inner join contact_texts on candidate_pairs.contact_id = contact_texts.contact_id

),

final as (

    select
        contact_id,
        platform,
        cast(sum(occurrences) as integer) as mention_count
    from keyword_occurrences
    where occurrences > 0
    group by contact_id, platform

)

select * from final
