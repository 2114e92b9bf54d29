-- A returned row is an engagement type whose total over fan-weeks differs from its accepted events (a fan-out or a lost event); only checked when no page/week scope var is set.
{%- set scoped = var('facebook_page_ids', []) or var('facebook_first_week', none) or var('facebook_last_week', none) %}
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

compared as (
    select
        'reactions' as engagement_type,
        (select sum(reaction_count) from fct_facebook_fan_weekly_features) as in_features,
        (select count(*) from int_facebook_reactions_validated where reject_reason is null) as accepted
    union all
    select
        'comments',
        (select sum(comment_count) from fct_facebook_fan_weekly_features),
        (select count(*) from int_facebook_comments_validated where reject_reason is null)
    union all
    select
        'shares',
        (select sum(share_count) from fct_facebook_fan_weekly_features),
        (select count(*) from int_facebook_shares_validated where reject_reason is null)
)

select * from compared
where in_features is distinct from accepted
{%- if scoped %}
    and false
{%- endif %}
