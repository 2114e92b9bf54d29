{#-
    Every documented check of the ad-log files with how many raw rows it caught in this build (zero
    included), so a dashboard or alert can watch bad input without reading the rejects table, plus the
    feature mart's coverage: users kept without a profile, behaviour events of users without impressions.
    Reading the feature mart also schedules this table beside the segmentation model, whose second core
    is mostly idle, instead of beside the aggregation, which needs both.
-#}

with

ad_logs_reject_reasons as (
    select * from {{ ref('ad_logs_reject_reasons') }}
),

stg_ad_logs__rejects as (
    select * from {{ ref('stg_ad_logs__rejects') }}
),

stg_ad_logs__user_profiles as (
    select * from {{ ref('stg_ad_logs__user_profiles') }}
),

stg_ad_logs__ad_features as (
    select * from {{ ref('stg_ad_logs__ad_features') }}
),

int_ad_logs_user_behaviour_aggregated as (
    select * from {{ ref('int_ad_logs_user_behaviour_aggregated') }}
),

feat_ad_logs_users as (
    select * from {{ ref('feat_ad_logs_users') }}
),

reject_counts as (
    select
        source_table,
        reject_reason,
        count(*) as row_count
    from stg_ad_logs__rejects
    group by source_table, reject_reason
),

-- Coerced fields are counted on kept rows only (a rejected row is already counted once, by its reason):
-- a kept field is null exactly when it was blank or NULL in the file, since any other non-integer rejects.
blank_profile_fields as (
    {%- for raw_column, column in ad_logs_profile_level_columns() %}
        select
            'user_profile' as source_table,
            'blank_{{ raw_column }}' as reject_reason,
            count(*) filter (where {{ column }} is null) as row_count
        from stg_ad_logs__user_profiles
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

null_brands as (
    select
        'ad_feature' as source_table,
        'null_brand' as reject_reason,
        count(*) filter (where brand_id is null) as row_count
    from stg_ad_logs__ad_features
),

-- Coverage of the feature mart: users kept without a profile, and behaviour events left out because
-- their user has no impression in the window (the mart has one row per user with impressions).
users_without_profile as (
    select
        'user_profile' as source_table,
        'missing_profile' as reject_reason,
        count(*) filter (where not has_profile) as row_count
    from feat_ad_logs_users
),

behaviour_without_impressions as (
    select
        'behavior_log' as source_table,
        'user_without_impressions' as reject_reason,
        cast(coalesce(sum(behaviour.behaviour_event_count), 0) as bigint) as row_count
    from int_ad_logs_user_behaviour_aggregated as behaviour
    left join feat_ad_logs_users as features
        on behaviour.user_id = features.user_id
    where features.user_id is null
),

counted as (
    select * from reject_counts
    union all
    select * from blank_profile_fields
    union all
    select * from null_brands
    union all
    select * from users_without_profile
    union all
    select * from behaviour_without_impressions
),

final as (
    select
        ad_logs_reject_reasons.source_table,
        ad_logs_reject_reasons.reject_reason as check_name,
        ad_logs_reject_reasons.handling,
        ad_logs_reject_reasons.description,
        coalesce(counted.row_count, 0) as row_count
    from ad_logs_reject_reasons
    left join counted
        on
            ad_logs_reject_reasons.source_table = counted.source_table
            and ad_logs_reject_reasons.reject_reason = counted.reject_reason
)

select * from final
