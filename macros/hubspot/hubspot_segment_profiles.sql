{#- The body of a `<seg>__profiles` model: one row per segment code of a HubSpot segment table with size,
    share, feature means, close rate and days to close, joined to feat_hubspot_contacts. -#}
{% macro hubspot_segment_profiles(segment_relation, features_relation, mean_columns) -%}
    with segments as (

        select * from {{ segment_relation }}

    ),

    features as (

        select * from {{ features_relation }}

    ),

    segment_features as (

        select
            segments.segment_code,
            segments.segment_name,
            segments.marketing_action,
            features.*
        from segments
        inner join features on segments.contact_id = features.contact_id

    ),

    profiles as (

        select
            segment_code,
            any_value(segment_name) as segment_name,
            any_value(marketing_action) as marketing_action,
            cast(count(*) as bigint) as contact_count,
            count(*) / sum(count(*)) over () as contact_share,
    {%- for column in mean_columns %}
            avg({{ column }}) as mean_{{ column }},
    {%- endfor %}
            avg(likelihood_to_close) as mean_likelihood_to_close,
            cast(count(*) filter (where is_closed) as bigint) as closed_count,
            count(*) filter (where is_closed) / count(*) as close_rate,
            avg(days_to_close) as mean_days_to_close,
            percentile_cont(0.5) within group (order by days_to_close) as median_days_to_close
        from segment_features
        group by segment_code

    ),

    final as (

        select * from profiles

    )

    select * from final
{%- endmacro %}
