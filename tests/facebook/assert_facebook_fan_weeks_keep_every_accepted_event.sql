-- A returned row is an engagement type whose fan-week total differs from its accepted events.
-- Only checked without a page/week scope var (a scope drops events on purpose).
{%- set scoped = var('facebook_page_ids') or var('facebook_first_week')
    or var('facebook_last_week') %}
with fct_facebook_fan_weekly_features as (
    select * from {{ ref('fct_facebook_fan_weekly_features') }}
),

int_facebook_reactions_validated as (
    select * from {{ ref('int_facebook_reactions_validated') }}
),

int_facebook_comments_validated as (
    select * from {{ ref('int_facebook_comments_validated') }}
),

int_facebook_shares_validated as (
    select * from {{ ref('int_facebook_shares_validated') }}
),

feature_totals as (
    select
        'reactions' as engagement_type,
        sum(reaction_count) as in_features
    from fct_facebook_fan_weekly_features
    union all
    select
        'comments' as engagement_type,
        sum(comment_count) as in_features
    from fct_facebook_fan_weekly_features
    union all
    select
        'shares' as engagement_type,
        sum(share_count) as in_features
    from fct_facebook_fan_weekly_features
),

accepted_totals as (
    select
        'reactions' as engagement_type,
        count(*) as accepted
    from int_facebook_reactions_validated
    where reject_reason is null
    union all
    select
        'comments' as engagement_type,
        count(*) as accepted
    from int_facebook_comments_validated
    where reject_reason is null
    union all
    select
        'shares' as engagement_type,
        count(*) as accepted
    from int_facebook_shares_validated
    where reject_reason is null
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
