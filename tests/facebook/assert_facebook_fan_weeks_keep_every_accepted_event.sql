-- A returned row is an engagement type whose fan-week total differs from its accepted events.
-- Only checked without a page/week scope var (a scope drops events on purpose).
{%- set scoped = var('facebook_page_ids') or var('facebook_first_week')
    or var('facebook_last_week') %}
with feat_facebook_fan_weeks as (
    select * from {{ ref('feat_facebook_fan_weeks') }}
),

stg_facebook__reactions as (
    select * from {{ ref('stg_facebook__reactions') }}
),

stg_facebook__comments as (
    select * from {{ ref('stg_facebook__comments') }}
),

stg_facebook__shares as (
    select * from {{ ref('stg_facebook__shares') }}
),

feature_totals as (
    select
        'reactions' as engagement_type,
        sum(reaction_count) as in_features
    from feat_facebook_fan_weeks
    union all
    select
        'comments' as engagement_type,
        sum(comment_count) as in_features
    from feat_facebook_fan_weeks
    union all
    select
        'shares' as engagement_type,
        sum(share_count) as in_features
    from feat_facebook_fan_weeks
),

accepted_totals as (
    select
        'reactions' as engagement_type,
        count(*) as accepted
    from stg_facebook__reactions
    union all
    select
        'comments' as engagement_type,
        count(*) as accepted
    from stg_facebook__comments
    union all
    select
        'shares' as engagement_type,
        count(*) as accepted
    from stg_facebook__shares
),

compared as (
    select
        accepted_totals.engagement_type,
        feature_totals.in_features,
        accepted_totals.accepted
    from accepted_totals
    left join feature_totals
        on accepted_totals.engagement_type = feature_totals.engagement_type
    where
        feature_totals.in_features is distinct from accepted_totals.accepted
        {%- if scoped %}
            and false
        {%- endif %}
)

select * from compared
