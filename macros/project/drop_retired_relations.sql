{#- Drops the tables and views that earlier versions of the project built under names it no longer uses
    (CHANGELOG.md), so that BI never reads a stale copy beside the renamed one. Runs at the start of every
    dbt invocation; a relation that is not there costs nothing. The one list of retired names. -#}
{% macro drop_retired_relations() %}
    {%- set retired = {
        'staging': [
            'base_hubspot__contact_columns', 'base_hubspot__contacts_typed',
            'stg_hubspot__contact_property_history', 'stg_hubspot__contact_rejects',
            'stg_learners__learner_rejects', 'stg_ad_logs__ad_feature_rows', 'stg_ad_logs__behaviour_rows',
            'stg_ad_logs__impression_rows', 'stg_ad_logs__user_profile_rows',
        ],
        'intermediate': [
            'int_ad_user_behaviour_aggregated', 'int_ad_user_impressions_aggregated',
            'int_facebook_comments_validated', 'int_facebook_events_rejected', 'int_facebook_reactions_validated',
            'int_facebook_shares_validated', 'int_hubspot_contact_geography',
            'int_hubspot_contact_platform_mentions', 'int_hubspot_contact_promotion_scores',
            'int_hubspot_contact_social_signals', 'int_web_article_views_validated', 'int_web_clicks_validated',
            'int_web_events_rejected', 'int_web_searches_validated',
        ],
        'marts': [
            'fct_ad_log_data_quality_checks', 'fct_ad_user_features', 'fct_facebook_fan_weekly_features',
            'fct_hubspot_contact_features', 'fct_learner_features', 'fct_web_user_features',
        ],
        'reference': [
            'ad_log_reject_reasons', 'ad_user_segment_labels', 'learner_channels', 'learner_regions',
            'learner_segment_labels',
        ],
    } -%}
    {%- if execute -%}
        {%- for schema, identifiers in retired.items() -%}
            {%- for identifier in identifiers -%}
                {%- set relation = adapter.get_relation(
                    database=target.database, schema=schema, identifier=identifier
                ) -%}
                {%- if relation is not none -%}
                    {%- set message = 'dropping retired ' ~ relation.type ~ ' ' ~ relation -%}
                    {{ log(message ~ ' (see CHANGELOG.md)', info=true) }}
                    {%- do adapter.drop_relation(relation) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
