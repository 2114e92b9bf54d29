{#- One row per raw data record of the contacts file that could not be staged, with the reason. -#}
with base_contacts as (

    select * from {{ ref('base_hubspot__contacts') }}
    where reject_reason is not null

),

final as (

    select
        source_file,
        source_row_number,
        record_id__latest as record_id_value,
        reject_source_column as source_column,
        reject_property_name as property_name,
        reject_value as rejected_value,
        reject_reason,
        defect_count,
    from base_contacts

)

select * from final
