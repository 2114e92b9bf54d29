{#- One row per raw data record of the contacts file that could not be staged, with the reason. -#}
with base_contacts as (

    select * from {{ ref('base_hubspot__contacts_typed') }}
    where reject_reason is not null

),

base_hubspot__contact_columns as (

    select * from {{ ref('base_hubspot__contact_columns') }}

),

final as (

    select
        base_contacts.source_file,
        base_contacts.source_row_number,
        base_contacts.record_id__latest as record_id_value,
        coalesce(base_hubspot__contact_columns.source_column, base_contacts.reject_property_name)
            as source_column,
        base_contacts.reject_property_name as property_name,
        base_contacts.reject_value as rejected_value,
        base_contacts.reject_reason,
        base_contacts.defect_count
    from base_contacts
    left join base_hubspot__contact_columns
        on base_contacts.reject_property_name = base_hubspot__contact_columns.property_name

)

select * from final
