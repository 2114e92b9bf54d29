{#- One row per canonical HubSpot property: the header of the contacts file it was read from (null when the
    optional property is absent), as resolved through the alias seed at execute time. -#}
{%- set properties = hubspot_resolve_columns(source('hubspot', 'contacts'), ref('hubspot_column_aliases')) -%}

with resolved_columns as (

    select *
    from (
        values
        {%- for property in properties %}
        (
            '{{ property.property_name }}',
            {% if property.source_column is not none -%}
            '{{ property.source_column | replace("'", "''") }}'
            {%- else -%}
            cast(null as varchar)
            {%- endif %},
            {{ 'true' if property.is_required else 'false' }}
        ){{ ',' if not loop.last }}
        {%- endfor %}
    ) as resolved (property_name, source_column, is_required)

),

final as (

    select
        property_name,
        source_column,
        is_required,
        source_column is not null as is_present
    from resolved_columns

)

select * from final
