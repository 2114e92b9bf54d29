{#- One row per staged HubSpot contact: cohort flags, engagement features, platform signals, normalised
    geography, promotion text and close outcome; the input of the three HubSpot segmentations. -#}
{#- One platform_count_<platform> column per platform of the seed, in the notebook's platform order. -#}
{%- set platforms = seed_column_values(
    ref('hubspot_platforms'), 'platform', order_by='tag_order nulls last, platform'
) -%}
{#- The cohorts of every notebook: APREU-owned contacts, without the lifecycle stages all three drop;
    Cluster 1 keeps only the paid acquisition sources. -#}
{%- set apreu_owner = 'APREU' -%}
{%- set excluded_lifecycle_stages = "'other', 'subscriber'" -%}
{%- set paid_sources = "'paid_social', 'paid_search'" -%}
{#- Cluster 3's e-mail engagement: open rate and click-through rate weighted equally. -#}
{%- set email_open_rate_weight = 0.5 -%}
{%- set email_click_rate_weight = 0.5 -%}
{#- Cluster 1 / 3 time-to-close buckets: Early up to 30 days, Medium to 60, Late to 120, Very Late beyond. -#}
{%- set early_close_max_days = 30 -%}
{%- set medium_close_max_days = 60 -%}
{%- set late_close_max_days = 120 -%}
{#- Whole days between two timestamps: the seconds floored over a day's, as pandas' Timedelta.days. -#}
{%- set seconds_per_day = 86400 -%}

with stg_hubspot__contacts as (

    select * from {{ ref('stg_hubspot__contacts') }}

),

int_hubspot_contact_platform_mentions_counted as (

    select * from {{ ref('int_hubspot_contact_platform_mentions_counted') }}

),

int_hubspot_contacts_platform_tagged as (

    select * from {{ ref('int_hubspot_contacts_platform_tagged') }}

),

int_hubspot_contacts_geo_tiered as (

    select * from {{ ref('int_hubspot_contacts_geo_tiered') }}

),

hubspot_academic_period_suffixes as (

    select * from {{ ref('hubspot_academic_period_suffixes') }}

),

platform_counts as (

    select
        contact_id,
        {%- for platform in platforms %}
            {%- set count_column = 'platform_count_' ~ platform | lower %}
            cast(sum(mention_count) filter (where platform = '{{ platform }}') as integer)
                as {{ count_column }},
        {%- endfor %}
        cast(sum(mention_count) as integer) as platform_mentions_total,
        cast(count(*) as integer) as platform_diversity
    from int_hubspot_contact_platform_mentions_counted
    group by contact_id

),

cohorts as (

    select
        *,
        upper(trim(coalesce(contact_owner, ''))) = '{{ apreu_owner }}' as is_apreu_owner,
        lower(trim(coalesce(lifecycle_stage, ''))) in ({{ excluded_lifecycle_stages }})
            as is_excluded_lifecycle,
        lower(trim(coalesce(original_source, ''))) in ({{ paid_sources }}) as has_paid_source
    from stg_hubspot__contacts

),

engagement as (

    select
        cohorts.*,
        int_hubspot_contacts_platform_tagged.social_clicks_total,
        ln(1 + int_hubspot_contacts_platform_tagged.social_clicks_total) as log_social_clicks_total,
        ln(1 + cohorts.num_sessions) as log_num_sessions,
        ln(1 + cohorts.num_pageviews) as log_num_pageviews,
        ln(1 + cohorts.forms_submitted) as log_forms_submitted,
        -- Cluster 1 ratios: +1 in the denominator, so never infinite.
        cohorts.num_pageviews / (1 + cohorts.num_sessions) as pageviews_per_session,
        cohorts.forms_submitted / (1 + cohorts.num_sessions) as forms_per_session,
        cohorts.forms_submitted / (1 + int_hubspot_contacts_platform_tagged.social_clicks_total)
            as forms_per_click,
        -- Cluster 2/3 ratios: raw denominator, 0 when it is 0 (the notebooks' inf/NaN → 0).
        case
            when cohorts.num_sessions > 0 then cohorts.num_pageviews / cohorts.num_sessions else 0.0
        end as pageviews_per_session_raw,
        case
            when cohorts.num_sessions > 0 then cohorts.forms_submitted / cohorts.num_sessions else 0.0
        end as forms_per_session_raw,
        case
            when cohorts.num_pageviews > 0 then cohorts.forms_submitted / cohorts.num_pageviews else 0.0
        end as forms_per_pageview_raw,
        int_hubspot_contacts_platform_tagged.has_social_source,
        int_hubspot_contacts_platform_tagged.platform_tag,
        int_hubspot_contacts_platform_tagged.platform_tag_basis
    from cohorts
    inner join int_hubspot_contacts_platform_tagged
        on cohorts.contact_id = int_hubspot_contacts_platform_tagged.contact_id

),

outcomes as (

    select
        contact_id,
        closed_at is not null as is_closed,
        cast(floor(epoch(closed_at - created_at) / {{ seconds_per_day }}) as integer) as days_to_close_signed,
        coalesce(admission_period, bpm_admission_period) as academic_period
    from stg_hubspot__contacts

),

academic_periods as (

    select
        outcomes.contact_id,
        case
            when regexp_full_match(trim(outcomes.academic_period), '[0-9]{6}')
                then
                    left(trim(outcomes.academic_period), 4)
                    || ' '
                    || hubspot_academic_period_suffixes.term_name
        end as academic_period_label
    from outcomes
    left join hubspot_academic_period_suffixes
        on right(trim(outcomes.academic_period), 2) = hubspot_academic_period_suffixes.period_suffix

),

final as (

    select
        engagement.contact_id,
        engagement.contact_owner,
        lower(trim(engagement.lifecycle_stage)) as lifecycle_stage,
        engagement.original_source,
        engagement.latest_source,
        engagement.acquisition_channel,
        engagement.is_apreu_owner,
        engagement.is_excluded_lifecycle,
        engagement.is_apreu_owner and not engagement.is_excluded_lifecycle as is_apreu_prospect,
        engagement.is_apreu_owner
        and not engagement.is_excluded_lifecycle
        and engagement.has_paid_source as is_paid_cohort,
        engagement.broadcast_clicks,
        engagement.linkedin_clicks,
        engagement.twitter_clicks,
        engagement.facebook_clicks,
        engagement.social_clicks_total,
        engagement.num_sessions,
        engagement.num_pageviews,
        engagement.forms_submitted,
        engagement.log_social_clicks_total,
        engagement.log_num_sessions,
        engagement.log_num_pageviews,
        engagement.log_forms_submitted,
        engagement.pageviews_per_session,
        engagement.forms_per_session,
        engagement.forms_per_click,
        engagement.pageviews_per_session_raw,
        engagement.forms_per_session_raw,
        engagement.forms_per_pageview_raw,
        engagement.log_num_sessions + engagement.log_num_pageviews + engagement.log_forms_submitted
            as engagement_score,
        engagement.log_social_clicks_total as social_intensity,
        {%- for platform in platforms %}
            {%- set count_column = 'platform_count_' ~ platform | lower %}
            coalesce(platform_counts.{{ count_column }}, 0) as {{ count_column }},
        {%- endfor %}
        coalesce(platform_counts.platform_mentions_total, 0) as platform_mentions_total,
        coalesce(platform_counts.platform_diversity, 0) as platform_diversity,
        engagement.social_clicks_total > 0 as has_social_clicks,
        coalesce(platform_counts.platform_mentions_total, 0) > 0 as has_platform_mentions,
        engagement.has_social_source,
        engagement.social_clicks_total > 0
        or coalesce(platform_counts.platform_mentions_total, 0) > 0
        or engagement.has_social_source as is_socially_engaged,
        engagement.platform_tag,
        engagement.platform_tag_basis,
        int_hubspot_contacts_geo_tiered.country_normalised,
        int_hubspot_contacts_geo_tiered.state_normalised,
        int_hubspot_contacts_geo_tiered.city_normalised,
        int_hubspot_contacts_geo_tiered.state_code,
        int_hubspot_contacts_geo_tiered.has_international_marker,
        int_hubspot_contacts_geo_tiered.geo_tier,
        engagement.promotion_text,
        -- The prospect's school (an institution, not personal data): first of the three school fields.
        coalesce(
            nullif(trim(engagement.prep_school_bpm), ''),
            nullif(trim(engagement.prep_school_name_answer), ''),
            nullif(trim(engagement.prep_school_current), '')
        ) as prep_school_name,
        case
            when regexp_matches(lower(engagement.prep_school_year), '(^|[^0-9])1([^0-9]|$)|primer')
                then '1st Year'
            when regexp_matches(lower(engagement.prep_school_year), '(^|[^0-9])2([^0-9]|$)|segund')
                then '2nd Year'
            when regexp_matches(lower(engagement.prep_school_year), '(^|[^0-9])3([^0-9]|$)|tercer')
                then '3rd Year'
        end as prep_school_year_normalised,
        engagement.apreu_promotion_activity_count,
        engagement.apreu_promotion_activity_distinct_count,
        engagement.marketing_emails_delivered,
        engagement.marketing_emails_opened,
        engagement.marketing_emails_clicked,
        {{ email_open_rate_weight }} * case
            when engagement.marketing_emails_delivered > 0
                then engagement.marketing_emails_opened / engagement.marketing_emails_delivered
            else 0.0
        end
        + {{ email_click_rate_weight }} * case
            when engagement.marketing_emails_opened > 0
                then engagement.marketing_emails_clicked / engagement.marketing_emails_opened
            else 0.0
        end as email_engagement_score,
        engagement.likelihood_to_close,
        engagement.created_at,
        engagement.closed_at,
        engagement.first_conversion_at,
        engagement.recent_conversion_at,
        cast(
            floor(
                epoch(engagement.recent_conversion_at - engagement.first_conversion_at)
                / {{ seconds_per_day }}
            ) as integer
        ) as conversion_journey_days,
        outcomes.is_closed,
        -- Negative durations (close before create) are data errors: null here, flagged for counting.
        case when outcomes.days_to_close_signed >= 0 then outcomes.days_to_close_signed end as days_to_close,
        coalesce(outcomes.days_to_close_signed < 0, false) as has_negative_days_to_close,
        case
            when not outcomes.is_closed then 'Still Open'
            when outcomes.days_to_close_signed < 0 or outcomes.days_to_close_signed is null then 'Unknown'
            when outcomes.days_to_close_signed <= {{ early_close_max_days }} then 'Early'
            when outcomes.days_to_close_signed <= {{ medium_close_max_days }} then 'Medium'
            when outcomes.days_to_close_signed <= {{ late_close_max_days }} then 'Late'
            else 'Very Late'
        end as time_to_close_bucket,
        outcomes.academic_period,
        academic_periods.academic_period_label
    from engagement
    inner join outcomes on engagement.contact_id = outcomes.contact_id
    inner join academic_periods on engagement.contact_id = academic_periods.contact_id
    inner join int_hubspot_contacts_geo_tiered
        on engagement.contact_id = int_hubspot_contacts_geo_tiered.contact_id
    left join platform_counts on engagement.contact_id = platform_counts.contact_id

)

select * from final
