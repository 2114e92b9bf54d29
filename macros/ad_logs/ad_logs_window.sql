{#- The ad-log data window: the first and last display day (UTC+8, ISO date text) that staging accepts
    and the feature mart counts. One place for the vars and their defaults. -#}
{% macro ad_logs_window_start() -%}
    {{ return(var('ad_logs_window_start')) }}
{%- endmacro %}

{% macro ad_logs_window_end() -%}
    {{ return(var('ad_logs_window_end')) }}
{%- endmacro %}

{#- The log day of a unix-seconds expression: the date in UTC+8, the dataset's local time. Integer
    arithmetic (days since 1970-01-01 of time_stamp + 8 h), so no session time zone is involved. -#}
{% macro ad_logs_log_day(epoch_seconds) -%}
    date '1970-01-01' + cast(({{ epoch_seconds }} + 28800) // 86400 as integer)
{%- endmacro %}
