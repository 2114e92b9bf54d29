{#- Split an integer column's values into at most `count` contiguous ranges of equal width, for models
    that aggregate a large table one range at a time (each range reads only its own row groups when the
    table is stored in that column's order).

    Returns a list of [low, high] pairs (inclusive, ascending, together covering min..max of the column),
    or an empty list: at parse time, for a table not built yet or empty, or when count <= 1, meaning "one
    unfiltered pass". It queries the table's min and max when the model compiles; dbt unit tests cannot
    run that query against their fixtures, so a unit test overrides this macro with the ranges it wants.
-#}
{% macro integer_ranges(relation, column, count) -%}
    {%- set count = count | int -%}
    {%- if not execute or count <= 1 -%}
        {{ return([]) }}
    {%- endif -%}
    {#- Not built yet (dbt compile or docs generate before the first build): one pass. -#}
    {%- if adapter.get_relation(relation.database, relation.schema, relation.identifier) is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set bounds = run_query(
        'select min(' ~ column ~ '), max(' ~ column ~ ') from ' ~ relation
    ).rows[0] -%}
    {%- if bounds[0] is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set low = bounds[0] | int -%}
    {%- set high = bounds[1] | int -%}
    {%- set width = ((high - low) // count) + 1 -%}
    {%- set ranges = [] -%}
    {%- for index in range(count) -%}
        {%- set start = low + index * width -%}
        {%- if start <= high -%}
            {%- do ranges.append([start, [start + width - 1, high] | min]) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(ranges) }}
{%- endmacro %}
