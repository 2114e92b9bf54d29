{#- The ad-log data window: the first and last display day (UTC+8, ISO date text) that staging accepts
    and the feature mart counts. One place for the vars and their defaults. -#}
{% macro ad_logs_window_start() -%}
    {{ return(var('ad_logs_window_start', '2017-05-06')) }}
{%- endmacro %}

{% macro ad_logs_window_end() -%}
    {{ return(var('ad_logs_window_end', '2017-05-13')) }}
{%- endmacro %}
