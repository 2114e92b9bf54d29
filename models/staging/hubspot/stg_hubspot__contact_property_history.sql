{#- One row per contact × property × position in the property's history (1 = oldest);
    staged contacts only. -#}
{#- A table, not a view: ~23 rows per contact, and its tests and readers would each re-split every cell. -#}
{{ config(materialized='table') }}

{%- set history_properties = [
    'contact_owner', 'lifecycle_stage', 'original_source', 'original_source_drill_down_1',
    'original_source_drill_down_2', 'acquisition_channel', 'latest_source', 'last_referrer',
    'broadcast_clicks', 'linkedin_clicks', 'twitter_clicks', 'facebook_clicks', 'num_sessions',
    'num_pageviews', 'forms_submitted', 'marketing_emails_delivered', 'marketing_emails_opened',
    'marketing_emails_clicked', 'likelihood_to_close', 'created_at', 'closed_at', 'first_conversion_at',
    'recent_conversion_at', 'first_conversion', 'recent_conversion', 'apreu_promotion_activities',
    'admission_period', 'bpm_admission_period', 'ip_country', 'ip_state_region', 'prep_city_bpm',
    'prep_school_bpm', 'prep_state_bpm', 'home_state', 'prep_country_bpm', 'prep_school_name_answer',
    'prep_school_current', 'prep_school_year',
] -%}

with base_contacts as (

    select * from {{ ref('base_hubspot__contacts_typed') }}
    where reject_reason is null

),

property_histories as (

    {%- for property in history_properties %}
        select
            record_id__typed as contact_id,
            '{{ property }}' as property_name,
            {{ hubspot_history_values(property ~ '__history') }} as history_values
        from base_contacts
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

positioned as (

    select
        contact_id,
        property_name,
        cast(unnest(generate_series(1, len(history_values))) as integer) as value_position,
        unnest(history_values) as property_value,
        len(history_values) as history_length
    from property_histories
    where len(history_values) > 0

),

final as (

    select
        contact_id,
        property_name,
        value_position,
        property_value,
        value_position = history_length as is_latest
    from positioned

)

select * from final
