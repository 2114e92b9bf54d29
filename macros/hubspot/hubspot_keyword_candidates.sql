{#- Renders the CTE chain that finds, per contact, the seed keywords whose first token appears among the
    contact's whole tokens: contact_texts (contact_id, token_text), keyword_patterns, contact_tokens and
    candidate_pairs (contact_id, <group_column>, token_keyword). The caller confirms the full keyword and
    aggregates. An equi-join on the first token replaces a contacts × keywords scan. -#}
{% macro hubspot_keyword_candidates(contacts, text_column, keywords, group_column) %}
contact_texts as materialized (

    select
        contact_id,
        {{ hubspot_token_text(text_column) }} as token_text
    from {{ contacts }}
    where {{ text_column }} is not null

),

keyword_patterns as (

    -- Keywords that normalise to the same tokens ('panama', 'panamá') collapse into one.
    select distinct
        {{ group_column }},
        {{ hubspot_token_text('keyword') }} as token_keyword,
        split_part(trim({{ hubspot_token_text('keyword') }}), ' ', 1) as first_token
    from {{ keywords }}

),

contact_tokens as (

    select distinct
        contact_id,
        unnest(string_split(trim(token_text), ' ')) as token
    from contact_texts

),

candidate_pairs as (

    select distinct
        contact_tokens.contact_id,
        keyword_patterns.{{ group_column }},
        keyword_patterns.token_keyword
    from contact_tokens
    inner join keyword_patterns on contact_tokens.token = keyword_patterns.first_token

)
{% endmacro %}
