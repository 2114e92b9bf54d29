{#- The reference time after which an event is "future-dated": the var (UTC text 'YYYY-MM-DD HH:MM:SS')
    when set, else the build time in UTC. -#}
{% macro loading_as_of(var_name) -%}
    {%- if var(var_name) -%}
        timestamp '{{ var(var_name) }}'
    {%- else -%}
        (now() at time zone 'UTC')
    {%- endif -%}
{%- endmacro %}
