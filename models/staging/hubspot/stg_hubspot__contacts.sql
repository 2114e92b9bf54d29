{#- One row per HubSpot contact: latest typed value of every property. Names, e-mails and phone numbers are
    never read from the file (only aliased properties are selected), so no PII leaves staging. -#}
with base_hubspot__contacts as (

    select * from {{ ref('base_hubspot__contacts') }}
    where reject_reason is null

),

final as (

    select
        record_id__typed as contact_id,
        source_row_number,
        contact_owner__latest as contact_owner,
        lifecycle_stage__latest as lifecycle_stage,
        original_source__latest as original_source,
        original_source_drill_down_1__latest as original_source_drill_down_1,
        original_source_drill_down_2__latest as original_source_drill_down_2,
        acquisition_channel__latest as acquisition_channel,
        latest_source__latest as latest_source,
        last_referrer__latest as last_referrer,
        -- Documented coercion: a blank / absent count is 0 (HubSpot leaves never-incremented counters empty).
        coalesce(broadcast_clicks__typed, 0) as broadcast_clicks,
        coalesce(linkedin_clicks__typed, 0) as linkedin_clicks,
        coalesce(twitter_clicks__typed, 0) as twitter_clicks,
        coalesce(facebook_clicks__typed, 0) as facebook_clicks,
        coalesce(num_sessions__typed, 0) as num_sessions,
        coalesce(num_pageviews__typed, 0) as num_pageviews,
        coalesce(forms_submitted__typed, 0) as forms_submitted,
        coalesce(marketing_emails_delivered__typed, 0) as marketing_emails_delivered,
        coalesce(marketing_emails_opened__typed, 0) as marketing_emails_opened,
        coalesce(marketing_emails_clicked__typed, 0) as marketing_emails_clicked,
        -- Documented coercion: '%' stripped, values above 1 read as percentages, then clipped to [0, 1].
        case
            when likelihood_to_close__typed is null then null
            when likelihood_to_close__typed < 0 then 0.0
            when likelihood_to_close__typed <= 1 then likelihood_to_close__typed
            when likelihood_to_close__typed <= 100 then likelihood_to_close__typed / 100.0
            else 1.0
        end as likelihood_to_close,
        created_at__typed as created_at,
        closed_at__typed as closed_at,
        first_conversion_at__typed as first_conversion_at,
        recent_conversion_at__typed as recent_conversion_at,
        first_conversion__latest as first_conversion,
        recent_conversion__latest as recent_conversion,
        apreu_promotion_activities__latest as apreu_promotion_activities,
        admission_period__latest as admission_period,
        bpm_admission_period__latest as bpm_admission_period,
        ip_country__latest as ip_country,
        ip_state_region__latest as ip_state_region,
        prep_city_bpm__latest as prep_city_bpm,
        prep_school_bpm__latest as prep_school_bpm,
        prep_state_bpm__latest as prep_state_bpm,
        home_state__latest as home_state,
        prep_country_bpm__latest as prep_country_bpm,
        prep_school_name_answer__latest as prep_school_name_answer,
        prep_school_current__latest as prep_school_current,
        prep_school_year__latest as prep_school_year,
        -- Every historical value of the six acquisition-source fields, each once, for keyword matching.
        nullif(
            concat_ws(
                ' ',
                {{ hubspot_history_text('original_source__history') }},
                {{ hubspot_history_text('original_source_drill_down_1__history') }},
                {{ hubspot_history_text('original_source_drill_down_2__history') }},
                {{ hubspot_history_text('acquisition_channel__history') }},
                {{ hubspot_history_text('latest_source__history') }},
                {{ hubspot_history_text('last_referrer__history') }}
            ),
            ''
        ) as source_history_text,
        {{ hubspot_history_text('apreu_promotion_activities__history') }} as apreu_promotion_history_text,
        -- Cluster 3 classification text: every promotion activity plus the latest first / recent conversion.
        nullif(
            lower(
                concat_ws(
                    ' ',
                    {{ hubspot_history_text('apreu_promotion_activities__history') }},
                    first_conversion__latest,
                    recent_conversion__latest
                )
            ),
            ''
        ) as promotion_text,
        cast(len({{ hubspot_history_values('apreu_promotion_activities__history') }}) as integer)
            as apreu_promotion_activity_count,
        cast(
            len(list_distinct({{ hubspot_history_values('apreu_promotion_activities__history') }}))
            as integer
        ) as apreu_promotion_activity_distinct_count
    from base_hubspot__contacts

)

select * from final
