{#- One row per contact × platform mentioned at least once in the contact's acquisition-source history. -#}
with stg_hubspot__contacts as (

    select * from {{ ref('stg_hubspot__contacts') }}

),

hubspot_platform_keywords as (

    select * from {{ ref('hubspot_platform_keywords') }}

),

contact_texts as materialized (

    select
        contact_id,
        {{ hubspot_token_text('source_history_text') }} as token_text
    from stg_hubspot__contacts
    where source_history_text is not null

),

keyword_patterns as (

    select distinct
        platform,
        {{ hubspot_token_text('keyword') }} as token_keyword
    from hubspot_platform_keywords

),

keyword_occurrences as (

    -- Overlapping keywords each count, as in the notebook ('facebook ads' counts 'facebook' and 'facebook ads').
    select
        contact_texts.contact_id,
        keyword_patterns.platform,
        {{ hubspot_keyword_occurrences('contact_texts.token_text', 'keyword_patterns.token_keyword') }}
            as occurrences
    from contact_texts
    -- contains() first: the occurrence count only runs on the few (contact, keyword) pairs that match.
    inner join keyword_patterns
        on contains(contact_texts.token_text, keyword_patterns.token_keyword)

),

final as (

    select
        contact_id,
        platform,
        cast(sum(occurrences) as integer) as mention_count
    from keyword_occurrences
    group by contact_id, platform

)

select * from final
