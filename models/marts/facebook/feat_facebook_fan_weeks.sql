{#-
    Scope (the seed's df_subset): var facebook_page_ids (a list, or one id) keeps only those pages;
    facebook_first_week / facebook_last_week ('YYYY-MM-DD', any day of the week) bound the weeks.
-#}
{%- set page_ids = var('facebook_page_ids') -%}
{%- set page_ids = [page_ids] if page_ids is string else page_ids -%}
{%- set quoted_page_ids = [] -%}
{%- for page_id in page_ids -%}
    {%- do quoted_page_ids.append("'" ~ (page_id | string | replace("'", "''")) ~ "'") -%}
{%- endfor -%}
{%- set first_week = var('facebook_first_week') -%}
{%- set last_week = var('facebook_last_week') -%}

with int_facebook_fan_weeks_aggregated as (
    select * from {{ ref('int_facebook_fan_weeks_aggregated') }}
),

int_facebook_share_graph_features as (
    select * from {{ ref('int_facebook_share_graph_features') }}
),

scoped_fan_weeks as (
    select * from int_facebook_fan_weeks_aggregated
    where
        true
        {%- if page_ids %}
            and page_id in ({{ quoted_page_ids | join(", ") }})
        {%- endif %}
        {%- if first_week %}
            and week_start_date >= cast(date_trunc('week', date '{{ first_week }}') as date)
        {%- endif %}
        {%- if last_week %}
            and week_start_date <= cast(date_trunc('week', date '{{ last_week }}') as date)
        {%- endif %}
),

-- Fans who neither shared nor were shared to that week are isolated in the graph: every measure is 0.
joined as (
    select
        scoped_fan_weeks.user_id || '|' || scoped_fan_weeks.page_id || '|'
        || strftime(scoped_fan_weeks.week_start_date, '%Y-%m-%d') as fan_week_id,
        scoped_fan_weeks.user_id,
        scoped_fan_weeks.page_id,
        scoped_fan_weeks.week_start_date,
        scoped_fan_weeks.reaction_count,
        scoped_fan_weeks.comment_count,
        scoped_fan_weeks.share_count,
        scoped_fan_weeks.total_engagement_count,
        scoped_fan_weeks.comment_likes_received,
        scoped_fan_weeks.comment_replies_received,
        scoped_fan_weeks.distinct_share_recipients,
        scoped_fan_weeks.distinct_posts_engaged,
        scoped_fan_weeks.has_reacted,
        scoped_fan_weeks.has_commented,
        scoped_fan_weeks.has_shared,
        scoped_fan_weeks.is_reacted_and_commented,
        scoped_fan_weeks.is_reacted_and_shared,
        scoped_fan_weeks.is_commented_and_shared,
        scoped_fan_weeks.is_reacted_commented_and_shared,
        coalesce(graph.out_degree_centrality, 0) as out_degree_centrality,
        coalesce(graph.closeness_centrality, 0) as closeness_centrality,
        coalesce(graph.hub_score, 0) as hub_score,
        coalesce(graph.authority_score, 0) as authority_score
    from scoped_fan_weeks
    left join int_facebook_share_graph_features as graph
        on
            scoped_fan_weeks.user_id = graph.user_id
            and scoped_fan_weeks.page_id = graph.page_id
            and scoped_fan_weeks.week_start_date = graph.week_start_date
),

final as (
    select
        cast(fan_week_id as varchar) as fan_week_id,
        cast(user_id as varchar) as user_id,
        cast(page_id as varchar) as page_id,
        cast(week_start_date as date) as week_start_date,
        cast(reaction_count as bigint) as reaction_count,
        cast(comment_count as bigint) as comment_count,
        cast(share_count as bigint) as share_count,
        cast(total_engagement_count as bigint) as total_engagement_count,
        cast(comment_likes_received as bigint) as comment_likes_received,
        cast(comment_replies_received as bigint) as comment_replies_received,
        cast(distinct_share_recipients as bigint) as distinct_share_recipients,
        cast(distinct_posts_engaged as bigint) as distinct_posts_engaged,
        cast(has_reacted as boolean) as has_reacted,
        cast(has_commented as boolean) as has_commented,
        cast(has_shared as boolean) as has_shared,
        cast(is_reacted_and_commented as boolean) as is_reacted_and_commented,
        cast(is_reacted_and_shared as boolean) as is_reacted_and_shared,
        cast(is_commented_and_shared as boolean) as is_commented_and_shared,
        cast(is_reacted_commented_and_shared as boolean) as is_reacted_commented_and_shared,
        cast(out_degree_centrality as double) as out_degree_centrality,
        cast(closeness_centrality as double) as closeness_centrality,
        cast(hub_score as double) as hub_score,
        cast(authority_score as double) as authority_score
    from joined
    -- A stable row order makes the engine's seeded samples (and so its run id) reproducible.
    order by fan_week_id
)

select * from final
