{#- One row per raw row of the HubSpot source that could not be staged: table, file, row, column, value and
    the reason (the first defect found). -#}
{{ loading_union_rejects([('contacts', ref('base_hubspot__contacts'))]) }}
