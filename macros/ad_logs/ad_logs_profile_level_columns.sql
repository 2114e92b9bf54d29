{#- The user_profile level columns as (raw column as the file names it, staged column) pairs: typed and
    checked by base_ad_logs__user_profile, renamed by stg_ad_logs__user_profiles, and counted when blank by
    fct_ad_logs_data_quality_checks (check blank_<raw column>). One list for all three. -#}
{% macro ad_logs_profile_level_columns() -%}
    {{ return([
        ('cms_segid', 'cms_segid'),
        ('cms_group_id', 'cms_group_id'),
        ('final_gender_code', 'gender_code'),
        ('age_level', 'age_level'),
        ('pvalue_level', 'pvalue_level'),
        ('shopping_level', 'shopping_level'),
        ('occupation', 'occupation_code'),
        ('new_user_class_level', 'new_user_class_level'),
    ]) }}
{%- endmacro %}
