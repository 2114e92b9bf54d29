{#- A table, not a view like the rest of staging: the impression aggregation joins it and its tests read it,
    and a view would re-parse and re-validate the raw file each time (about 1 s at full scale). -#}
{{ config(materialized='table') }}

with

stg_ad_logs__user_profile_rows as (
    select * from {{ ref('stg_ad_logs__user_profile_rows') }}
),

final as (
    select
        user_id,
        cms_segid,
        cms_group_id,
        gender_code,
        age_level,
        pvalue_level,
        shopping_level,
        occupation_code,
        new_user_class_level
    from stg_ad_logs__user_profile_rows
    where reject_reason is null
)

select * from final
