{#- One row per data line of the course-platform export that could not be staged: table, file, data row,
    column, raw value and the reason (the first check the line failed). -#}
{{ loading_union_rejects([
    ('customer_segmentation_data', ref('base_learners__customer_segmentation_data')),
]) }}
