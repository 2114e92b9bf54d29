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
        {{ hubspot_token_text('keyword') }} as token_keyword,
        split_part(trim({{ hubspot_token_text('keyword') }}), ' ', 1) as first_token
    from hubspot_platform_keywords

),

contact_tokens as (

    -- Distinct tokens per contact: an equi-join on a keyword's first token replaces a
    -- contacts × keywords scan, and only those candidates are checked with the full pattern.
    select distinct
        contact_id,
        unnest(string_split(trim(token_text), ' ')) as token
    from contact_texts

),

candidate_pairs as (

    select distinct
        contact_tokens.contact_id,
        keyword_patterns.platform,
        keyword_patterns.token_keyword
    from contact_tokens
    inner join keyword_patterns on contact_tokens.token = keyword_patterns.first_token

),

keyword_occurrences as (

    -- Overlapping keywords each count, as in the notebook ('facebook ads' counts 'facebook' and 'facebook ads').
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
