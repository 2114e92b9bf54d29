{#- The number of distinct days of a date column in a grouped aggregate, for rows whose days all lie in
    [first_day, last_day] (ISO date text): the caller filters its rows to that window.

    Portable form: count(distinct day). On DuckDB it is an exact day bitmap instead: each day sets bit
    (day - first_day) of a 64-bit word per 64 days of the window (bit_or), and the set bits are counted.
    The shift is evaluated on every row (the filter only picks the word), so it is taken modulo 64.
    A grouped count(distinct) builds a hash table of every (group, day) pair, which the bitmap avoids
    with the same counts (docs/decisions/0007). A window of n days takes ceil(n / 64) words, so any
    window length stays exact. -#}
{% macro count_distinct_days(column, first_day, last_day) -%}
    {{ return(
        adapter.dispatch('count_distinct_days', 'audience_segmentation')(column, first_day, last_day)
    ) }}
{%- endmacro %}

{% macro default__count_distinct_days(column, first_day, last_day) -%}
    count(distinct {{ column }})
{%- endmacro %}

{% macro duckdb__count_distinct_days(column, first_day, last_day) -%}
    {%- set first = modules.datetime.date.fromisoformat(first_day | string) -%}
    {%- set last = modules.datetime.date.fromisoformat(last_day | string) -%}
    {%- if last < first -%}
        {{ exceptions.raise_compiler_error(
            'count_distinct_days: last_day ' ~ last ~ ' is before first_day ' ~ first) }}
    {%- endif -%}
    {%- set words = ((last - first).days // 64) + 1 -%}
    {%- set offset = '(' ~ column ~ " - date '" ~ first.isoformat() ~ "')" -%}
    {%- set day_bits = [] -%}
    {%- for word in range(words) -%}
        {%- set bits = 'bit_count(bit_or(cast(1 as ubigint) << (' ~ offset ~ ' % 64))'
            ~ ((' filter (where ' ~ offset ~ ' // 64 = ' ~ word ~ ')') if words > 1 else '') ~ ')' -%}
        {%- do day_bits.append('coalesce(cast(' ~ bits ~ ' as bigint), 0)') -%}
    {%- endfor -%}
    ({{ day_bits | join(' + ') }})
{%- endmacro %}
