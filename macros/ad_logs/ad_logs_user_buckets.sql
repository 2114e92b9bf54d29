{#- How many user_id ranges int_ad_user_impressions_aggregated works in: var ad_logs_user_buckets, default 1
    (one pass). Above 1, stg_ad_logs__impressions also stores its rows in user_id order so each range reads
    only its own row groups. One place for the var and its default, read by both models. -#}
{% macro ad_logs_user_buckets() -%}
    {{ return(var('ad_logs_user_buckets') | int) }}
{%- endmacro %}
