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
        cast(row_number() over () as integer) as source_row_number,
        {%- for property in properties %}
        {%- if property.source_column is not none %}
        cast("{{ property.source_column | replace('"', '""') }}" as varchar) as {{ property.property_name }}__history{{ ',' if not loop.last }}
        {%- else %}
        cast(null as varchar) as {{ property.property_name }}__history{{ ',' if not loop.last }}
        {%- endif %}
        {%- endfor %}
    from source

),

final as (

    select * from numbered

)

select * from final
