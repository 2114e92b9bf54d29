{#- One row per contact × promotion group with at least one of the group's keywords in the promotion text;
    score = number of distinct (normalised) keywords of the group found as whole tokens. -#}
with stg_hubspot__contacts as (

    select * from {{ ref('stg_hubspot__contacts') }}

),

hubspot_promotion_keywords as (

    select * from {{ ref('hubspot_promotion_keywords') }}

),

contact_texts as materialized (

    select
        contact_id,
        {{ hubspot_token_text('promotion_text') }} as token_text
    from stg_hubspot__contacts
    where promotion_text is not null

),

keyword_patterns as (

    -- 'panama' and 'panamá' normalise to one keyword, so a mention scores once.
    select distinct
        promotion_group,
        {{ hubspot_token_text('keyword') }} as token_keyword,
        split_part(trim({{ hubspot_token_text('keyword') }}), ' ', 1) as first_token
    from hubspot_promotion_keywords

),

contact_tokens as (

    -- Equi-join on a keyword's first token, then check the full pattern on those candidates only.
    select distinct
        contact_id,
        unnest(string_split(trim(token_text), ' ')) as token
    from contact_texts

),

keyword_hits as (

    select distinct
        contact_texts.contact_id,
        keyword_patterns.promotion_group,
        keyword_patterns.token_keyword
    from contact_tokens
    inner join keyword_patterns on contact_tokens.token = keyword_patterns.first_token
    inner join contact_texts on contact_tokens.contact_id = contact_texts.contact_id
    where contains(contact_texts.token_text, keyword_patterns.token_keyword)

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
