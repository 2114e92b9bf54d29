{#- A table, not a view like the rest of staging: the feature mart joins it and its tests and the data-quality
    checks read it, and a view would re-parse and re-validate the raw file each time. -#}
{{ config(materialized='table') }}

with

base_ad_logs__user_profile as (
    select * from {{ ref('base_ad_logs__user_profile') }}
),

final as (
    select
        user_id,
        {%- for raw_column, column in ad_logs_profile_level_columns() %}
            {{ raw_column }} as {{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from base_ad_logs__user_profile
    where reject_reason is null
)

select * from final
