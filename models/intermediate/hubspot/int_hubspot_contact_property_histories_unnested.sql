{#- One row per staged contact × property × position in the property's history (1 = oldest). -#}
{%- set history_properties = seed_column_values(
    ref('hubspot_properties'), 'property_name', order_by='property_order', where="property_type != 'id'"
) -%}

with base_hubspot__contacts as (

    select * from {{ ref('base_hubspot__contacts') }}
    -- The staged contacts (stg_hubspot__contacts), whose history cells only the base model keeps.
    where reject_reason is null

),

property_histories as (

    {%- for property in history_properties %}
        select
            record_id__typed as contact_id,
            '{{ property }}' as property_name,
            {{ hubspot_history_values(property ~ '__history') }} as history_values
        from base_hubspot__contacts
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

positioned as (

    select
        contact_id,
        property_name,
        cast(unnest(generate_series(1, len(history_values))) as integer) as value_position,
        unnest(history_values) as property_value,
        len(history_values) as history_length
    from property_histories
    where len(history_values) > 0

),

final as (

    select
        contact_id,
        property_name,
        value_position,
        property_value,
        value_position = history_length as is_latest
    from positioned

)

select * from final
