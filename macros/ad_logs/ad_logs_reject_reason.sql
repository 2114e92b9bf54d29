{#- The reject_reason of a typed ad-log row: the reason of the first rule in `rules` whose `failed` condition
    holds, null when none does. Each rule is a dict: reason, column (the raw column it checks, as the file
    names it), failed (SQL condition) and optionally value (SQL of the raw value as text; see
    ad_logs_reject_details). -#}
{% macro ad_logs_reject_reason(rules) -%}
    case
    {%- for rule in rules %}
        when {{ rule.failed }} then '{{ rule.reason }}'
    {%- endfor %}
    end
{%- endmacro %}
