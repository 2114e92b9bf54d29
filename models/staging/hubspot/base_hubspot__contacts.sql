{#- One row per data record of the contacts file: source file, 1-based record number and the raw cell of
    every canonical property (`<property>__history`), header names resolved through the alias seed. -#}
{{ config(materialized='table') }}

{%- set properties = hubspot_resolve_columns(source('hubspot', 'contacts'), ref('hubspot_column_aliases')) -%}

with source as (

    select * from {{ source('hubspot', 'contacts') }}

),

numbered as (

    select
        filename as source_file,
        -- 1-based data record of the file (header excluded); DuckDB keeps the file's order.
        cast(row_number() over () as integer) as source_row_number
    {#- sqlfluff renders this model without a warehouse, so with no property: the loop tags sit at the
        level of `from`, where it then sees them, and each property column brings its own separating
        comma, so none trails the list. No if-block inside the loop: sqlfluff misplaces layout errors
        for if-blocks in a loop it renders zero times. #}
    {%- for property in properties %},
        {%- set source_column_sql = '"' ~ (property.source_column | replace('"', '""')) ~ '"'
            if property.source_column is not none else 'null' %}
        cast({{ source_column_sql }} as varchar) as {{ property.property_name }}__history
    {%- endfor %}
    from source

),

final as (

    select * from numbered

)

select * from final
