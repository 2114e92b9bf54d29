{#- The values of one column of a seed (a small lookup table), read when the model compiles, so that a list
    the SQL is generated from (columns, filters) lives in the seed alone. At parse time (dbt parse, sqlfluff)
    it returns the column's name as the one stand-in value, so loops over it render valid SQL. dbt unit tests
    cannot run the query against their fixtures: a unit test overrides this macro with the values it wants. -#}
{% macro seed_column_values(seed_relation, column, order_by=none, where=none) -%}
    {%- if not execute -%}
        {{ return([column]) }}
    {%- endif -%}
    {%- set loaded = adapter.get_relation(
        seed_relation.database, seed_relation.schema, seed_relation.identifier
    ) -%}
    {%- if loaded is none -%}
        {{ exceptions.raise_compiler_error(
            "seed " ~ seed_relation.identifier ~ " is not loaded yet: run `dbt seed` (or `dbt build`) first."
        ) }}
    {%- endif -%}
    {%- set values = run_query(
        'select ' ~ column ~ ' from ' ~ seed_relation
        ~ (' where ' ~ where if where else '')
        ~ ' order by ' ~ (order_by or column)
    ).columns[0].values() -%}
    {{ return(values | list) }}
{%- endmacro %}
