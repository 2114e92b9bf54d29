{#- One row per contact: accent-insensitive normalised country / state / city and the geo_tier
    of Cluster 2. -#}
with stg_hubspot__contacts as (

    select * from {{ ref('stg_hubspot__contacts') }}

),

hubspot_state_normalisation as (

    select * from {{ ref('hubspot_state_normalisation') }}

),

hubspot_geography_terms as (

    select * from {{ ref('hubspot_geography_terms') }}

),

normalised_fields as (

    select
        contact_id,
        coalesce({{ hubspot_normalise_text('prep_country_bpm') }}, 'unknown') as prep_country,
        coalesce({{ hubspot_normalise_text('ip_country') }}, 'unknown') as ip_country,
        coalesce({{ hubspot_normalise_text('prep_state_bpm') }}, 'unknown') as prep_state,
        coalesce({{ hubspot_normalise_text('home_state') }}, 'unknown') as home_state,
        coalesce({{ hubspot_normalise_text('ip_state_region') }}, 'unknown') as ip_state,
        coalesce({{ hubspot_normalise_text('prep_city_bpm') }}, 'unknown') as city_any
    from stg_hubspot__contacts

),

coalesced as (

    -- First known value in the notebook's order: prep school first, then self-reported, then IP.
    select
        contact_id,
        city_any,
        case
            when prep_country != 'unknown' then prep_country
            else ip_country
        end as country_any,
        case
            when prep_state != 'unknown' then prep_state
            when home_state != 'unknown' then home_state
            else ip_state
        end as state_before_normalisation
    from normalised_fields

),

states_normalised as (

    select
        coalesced.contact_id,
        coalesced.city_any,
        coalesced.country_any,
        coalesce(hubspot_state_normalisation.state_name, coalesced.state_before_normalisation) as state_any,
        hubspot_state_normalisation.state_code,
        hubspot_state_normalisation.state_name is not null as is_mexican_state
    from coalesced
    left join hubspot_state_normalisation
        on coalesced.state_before_normalisation = hubspot_state_normalisation.state_alias

),

queretaro_tokens as (

    select {{ hubspot_token_text('term') }} as token_term
    from hubspot_geography_terms
    where term_type = 'queretaro_token'

),

local_contacts as (

    select distinct states_normalised.contact_id
    from states_normalised
    inner join queretaro_tokens
        on
            contains({{ hubspot_token_text('states_normalised.city_any') }}, queretaro_tokens.token_term)
            or contains({{ hubspot_token_text('states_normalised.state_any') }}, queretaro_tokens.token_term)

),

tiered as (

    select
        states_normalised.contact_id,
        states_normalised.city_any,
        states_normalised.country_any,
        states_normalised.state_any,
        states_normalised.state_code,
        states_normalised.state_any in (
            select term from hubspot_geography_terms
            where term_type = 'international_marker'
        ) as has_international_marker,
        case
            when local_contacts.contact_id is not null then 'local'
            when states_normalised.state_any in (
                select term from hubspot_geography_terms
                where term_type = 'international_marker'
            ) then 'international'
            when states_normalised.country_any in (
                select term from hubspot_geography_terms
                where term_type = 'mexico_alias'
            ) or states_normalised.is_mexican_state then 'domestic_non_local'
            when states_normalised.country_any != 'unknown' then 'international'
            else 'unknown'
        end as geo_tier
    from states_normalised
    left join local_contacts on states_normalised.contact_id = local_contacts.contact_id

),

final as (

    select
        contact_id,
        -- The notebook's "rescue": a local or domestic contact with no country is in Mexico.
        case
            when country_any = 'unknown' and geo_tier in ('local', 'domestic_non_local') then 'mexico'
            else country_any
        end as country_normalised,
        state_any as state_normalised,
        city_any as city_normalised,
        state_code,
        has_international_marker,
        geo_tier
    from tiered

)

select * from final
