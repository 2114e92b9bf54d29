{#- The reject_column and rejected_value select items of a typed ad-log row, keyed on its reject_reason (from
    ad_logs_reject_reason with the same rules): the rule's raw column as the file names it and that raw
    value as text (the rule's value, else raw_<column> cast to text). Both are null on valid rows, so the
    text cast runs on rejected rows only. -#}
{% macro ad_logs_reject_details(rules) -%}
    case reject_reason
    {%- for rule in rules %}
        when '{{ rule.reason }}' then '{{ rule.column }}'
    {%- endfor %}
    end as reject_column,
    case reject_reason
    {%- for rule in rules %}
        when '{{ rule.reason }}' then {{ rule.value or 'cast(raw_' ~ rule.column ~ ' as varchar)' }}
    {%- endfor %}
    end as rejected_value
{%- endmacro %}
