{#- One row per canonical HubSpot property: the header of the contacts file it was read from (null when the
    optional property is absent), as resolved through the alias seed at execute time. A helper of
    base_hubspot__contacts that shows which header each property was read from: it names the source only to
    describe its header when it compiles and reads no rows. -#}
{%- set properties = hubspot_resolve_columns(
    source('hubspot', 'contacts'), ref('hubspot_column_aliases'), ref('hubspot_properties')
) -%}

with resolved_columns as (

    select resolved.*
    from (
        values
        {#- No if-block inside the loop: sqlfluff misplaces layout errors for if-blocks in a loop it
            renders zero times (without a warehouse there is no property). #}
        {%- for property in properties %}
            {%- set source_column_sql = "'" ~ (property.source_column | replace("'", "''")) ~ "'"
                if property.source_column is not none else 'cast(null as varchar)' %}
            (
                '{{ property.property_name }}',
                '{{ property.property_type }}',
                {{ source_column_sql }},
                {{ 'true' if property.is_required else 'false' }}
            ){{ ',' if not loop.last }}
        {%- endfor %}
    ) as resolved (property_name, property_type, source_column, is_required)

),

final as (

    select
        property_name,
        property_type,
        source_column,
        is_required,
        source_column is not null as is_present
    from resolved_columns

)

select * from final
