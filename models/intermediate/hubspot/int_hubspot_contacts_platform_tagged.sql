{#- One row per contact: social clicks, click shares, has_social_source and the platform_tag
    of the C1 rule. -#}
{#- The notebook's platform score: mentions × (1 + click share × 0.3), so clicks only break near ties. -#}
{%- set click_share_weight = 0.3 -%}
{#- Without mentions, a platform with at least 70 % of the social clicks is the tag (C1 rule, step 3). -#}
{%- set dominant_click_share = 0.70 -%}
with stg_hubspot__contacts as (

    select * from {{ ref('stg_hubspot__contacts') }}

),

int_hubspot_contact_platform_mentions_counted as (

    select * from {{ ref('int_hubspot_contact_platform_mentions_counted') }}

),

hubspot_platforms as (

    select * from {{ ref('hubspot_platforms') }}

),

hubspot_social_source_keywords as (

    select * from {{ ref('hubspot_social_source_keywords') }}

),

contact_clicks as materialized (

    select
        contact_id,
        broadcast_clicks + linkedin_clicks + twitter_clicks + facebook_clicks as social_clicks_total,
        facebook_clicks,
        linkedin_clicks,
        twitter_clicks,
        {{ hubspot_token_text(
            "concat_ws(' ', original_source, original_source_drill_down_1, original_source_drill_down_2, "
            ~ "acquisition_channel, latest_source, last_referrer)"
        ) }} as latest_source_token_text
    from stg_hubspot__contacts

),

platform_click_shares as (

    select
        contact_clicks.contact_id,
        hubspot_platforms.platform,
        hubspot_platforms.tag_order,
        case
            when contact_clicks.social_clicks_total = 0 then 0.0
            when hubspot_platforms.click_column = 'facebook_clicks'
                then contact_clicks.facebook_clicks / contact_clicks.social_clicks_total
            when hubspot_platforms.click_column = 'linkedin_clicks'
                then contact_clicks.linkedin_clicks / contact_clicks.social_clicks_total
            when hubspot_platforms.click_column = 'twitter_clicks'
                then contact_clicks.twitter_clicks / contact_clicks.social_clicks_total
            else 0.0
        end as click_share
    from contact_clicks
    cross join hubspot_platforms
    where hubspot_platforms.tag_order is not null

),

platform_scores as (

    select
        platform_click_shares.contact_id,
        platform_click_shares.platform,
        platform_click_shares.tag_order,
        platform_click_shares.click_share,
        coalesce(int_hubspot_contact_platform_mentions_counted.mention_count, 0)
        * (1 + platform_click_shares.click_share * {{ click_share_weight }}) as platform_score
    from platform_click_shares
    left join int_hubspot_contact_platform_mentions_counted
        on
            platform_click_shares.contact_id = int_hubspot_contact_platform_mentions_counted.contact_id
            and platform_click_shares.platform = int_hubspot_contact_platform_mentions_counted.platform

),

top_mention_platform as (

    -- Highest score wins; ties go to the platform listed first (tag_order), as Python's max() did.
    select
        contact_id,
        arg_min(platform, [-platform_score, tag_order]) as platform
    from platform_scores
    where platform_score > 0
    group by contact_id

),

top_click_platform as (

    select
        contact_id,
        arg_min(platform, [-click_share, tag_order]) as platform
    from platform_scores
    where click_share >= {{ dominant_click_share }}
    group by contact_id

),

guess_keywords as (

    select
        platform,
        guess_order,
        unnest(string_split(guess_keywords, '|')) as guess_keyword
    from hubspot_platforms
    where guess_keywords is not null

),

guess_patterns as (

    select
        platform,
        guess_order,
        {{ hubspot_token_text('guess_keyword') }} as token_keyword
    from guess_keywords

),

guessed_platform as (

    select
        contact_clicks.contact_id,
        arg_min(guess_patterns.platform, guess_patterns.guess_order) as platform
    from contact_clicks
    inner join guess_patterns
        on contains(contact_clicks.latest_source_token_text, guess_patterns.token_keyword)
    group by contact_clicks.contact_id

),

social_source_patterns as (

    select {{ hubspot_token_text('keyword') }} as token_keyword
    from hubspot_social_source_keywords

),

social_source_contacts as (

    select distinct contact_clicks.contact_id
    from contact_clicks
    inner join social_source_patterns
        on contains(contact_clicks.latest_source_token_text, social_source_patterns.token_keyword)

),

final as (

    select
        contact_clicks.contact_id,
        contact_clicks.social_clicks_total,
        social_source_contacts.contact_id is not null as has_social_source,
        coalesce(
            top_mention_platform.platform,
            top_click_platform.platform,
            guessed_platform.platform,
            'Mixed'
        ) as platform_tag,
        case
            when top_mention_platform.platform is not null then 'mentions'
            when top_click_platform.platform is not null then 'click_share'
            when guessed_platform.platform is not null then 'latest_source_text'
            else 'none'
        end as platform_tag_basis
    from contact_clicks
    left join top_mention_platform on contact_clicks.contact_id = top_mention_platform.contact_id
    left join top_click_platform on contact_clicks.contact_id = top_click_platform.contact_id
    left join guessed_platform on contact_clicks.contact_id = guessed_platform.contact_id
    left join social_source_contacts on contact_clicks.contact_id = social_source_contacts.contact_id

)

select * from final
