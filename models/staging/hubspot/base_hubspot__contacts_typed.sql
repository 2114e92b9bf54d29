{#- One row per data record of the contacts file: latest history value of every property, typed ids, counts,
    likelihoods and dates, and the first defect (if any) that keeps the record out of staging. -#}
{{ config(materialized='table') }}

{%- set id_properties = ['record_id'] -%}
{%- set count_properties = [
    'broadcast_clicks', 'linkedin_clicks', 'twitter_clicks', 'facebook_clicks', 'num_sessions',
    'num_pageviews', 'forms_submitted', 'marketing_emails_delivered', 'marketing_emails_opened',
    'marketing_emails_clicked',
] -%}
{%- set likelihood_properties = ['likelihood_to_close'] -%}
{%- set date_properties = ['created_at', 'closed_at', 'first_conversion_at', 'recent_conversion_at'] -%}
{%- set text_properties = [
    'contact_owner', 'lifecycle_stage', 'original_source', 'original_source_drill_down_1',
    'original_source_drill_down_2', 'acquisition_channel', 'latest_source', 'last_referrer',
    'first_conversion', 'recent_conversion', 'apreu_promotion_activities', 'admission_period',
    'bpm_admission_period', 'ip_country', 'ip_state_region', 'prep_city_bpm', 'prep_school_bpm',
    'prep_state_bpm', 'home_state', 'prep_country_bpm', 'prep_school_name_answer', 'prep_school_current',
    'prep_school_year',
] -%}
{%- set typed_properties = id_properties + count_properties + likelihood_properties + date_properties -%}
{#- Checks in priority order: (property, failing condition, reason). The first failing one is reported. -#}
{%- set checks = [
    ('record_id', 'record_id__latest is null', 'missing Record ID'),
    ('record_id', 'record_id__typed is null', 'Record ID is not a non-negative integer'),
] -%}
{%- for property in count_properties -%}
    {%- do checks.append((
        property,
        property ~ '__latest is not null and ' ~ property ~ '__typed is null',
        'count is not a non-negative whole number',
    )) -%}
{%- endfor -%}
{%- do checks.append((
    'likelihood_to_close',
    'likelihood_to_close__latest is not null and likelihood_to_close__typed is null',
    'likelihood to close is not numeric',
)) -%}
{%- for property in date_properties -%}
    {%- do checks.append((
        property,
        property ~ '__latest is not null and ' ~ property ~ '__typed is null',
        'unparseable date (expected epoch milliseconds or ISO 8601)',
    )) -%}
{%- endfor -%}

with base_hubspot__contacts as (

    select * from {{ ref('base_hubspot__contacts') }}

),

latest_values as (

    select
        source_file,
        source_row_number,
        {%- for property in typed_properties + text_properties %}
            {{ property }}__history,
            {{ hubspot_history_latest(property ~ '__history') }}
                as {{ property }}__latest{% if not loop.last %},{% endif %}
        {%- endfor %}
    from base_hubspot__contacts

),

typed as (

    select
        *,
        {%- for property in id_properties + count_properties %}
            case
                when
                    try_cast({{ property }}__latest as double) >= 0
                    and try_cast({{ property }}__latest as double) < 1e15
                    and try_cast({{ property }}__latest as double)
                    = floor(try_cast({{ property }}__latest as double))
                    then cast(try_cast({{ property }}__latest as double) as bigint)
            end as {{ property }}__typed,
        {%- endfor %}
        {%- for property in likelihood_properties %}
            try_cast(trim(replace({{ property }}__latest, '%', '')) as double) as {{ property }}__typed,
        {%- endfor %}
        {%- for property in date_properties %}
            coalesce(
                {{ hubspot_epoch_ms_to_timestamp(property ~ '__latest') }},
                case
                    when try_cast({{ property }}__latest as double) is null
                        then try_cast({{ property }}__latest as timestamp)
                end
            ) as {{ property }}__typed{% if not loop.last %},{% endif %}
        {%- endfor %}
    from latest_values

),

row_defects as (

    select
        *,
        case
            {%- for check in checks %}
                when {{ check[1] }} then '{{ check[0] }}'
            {%- endfor %}
        end as defect_property_name,
        case
            {%- for check in checks %}
                when {{ check[1] }} then {{ check[0] }}__latest
            {%- endfor %}
        end as defect_value,
        case
            {%- for check in checks %}
                when {{ check[1] }} then '{{ check[2] }}'
            {%- endfor %}
        end as defect_reason,
        cast(
            0
            {%- for check in checks %}
                + cast(coalesce({{ check[1] }}, false) as integer)
            {%- endfor %}
            as integer
        ) as defect_count
    from typed

),

duplicates_ranked as (

    -- Among records with no other defect, the first occurrence (lowest row number) of a Record ID is kept.
    select
        *,
        case
            when defect_reason is null
                then row_number() over (
                    partition by record_id__typed, defect_reason is null order by source_row_number
                )
        end as record_id_occurrence,
        case
            when defect_reason is null
                then min(source_row_number) over (partition by record_id__typed, defect_reason is null)
        end as record_id_first_row_number
    from row_defects

),

final as (

    select
        source_file,
        source_row_number,
        {%- for property in typed_properties + text_properties %}
            {{ property }}__history,
            {{ property }}__latest,
        {%- endfor %}
        {%- for property in typed_properties %}
            {{ property }}__typed,
        {%- endfor %}
        case
            when record_id_occurrence > 1 then 'record_id'
            else defect_property_name
        end as reject_property_name,
        case when record_id_occurrence > 1 then record_id__latest else defect_value end as reject_value,
        case
            when record_id_occurrence > 1
                then
                    'duplicate Record ID (first occurrence kept: data row '
                    || cast(record_id_first_row_number as varchar) || ')'
            else defect_reason
        end as reject_reason,
        cast(defect_count + coalesce(cast(record_id_occurrence > 1 as integer), 0) as integer) as defect_count
    from duplicates_ranked

)

select * from final
