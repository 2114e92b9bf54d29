{#- One is_channel_<name> / is_region_<label> dummy per row of the code seeds, in code order, named in
    lower case with '-' and ' ' as '_' ('Anglo-Saxon' -> is_region_anglo_saxon): (condition, column). -#}
{%- set dummies = [] -%}
{%- set decoded_columns = {
    'channel_name': seed_column_values(ref('learners_channels'), 'channel_name', order_by='channel_code'),
    'region_label': seed_column_values(ref('learners_regions'), 'region_label', order_by='region_code'),
} -%}
{%- for decoded_column, prefix in [('channel_name', 'is_channel_'), ('region_label', 'is_region_')] -%}
    {%- for value in decoded_columns[decoded_column] -%}
        {%- do dummies.append((
            decoded_column ~ " = '" ~ (value | replace("'", "''")) ~ "'",
            prefix ~ value | lower | replace('-', '_') | replace(' ', '_'),
        )) -%}
    {%- endfor -%}
{%- endfor %}
-- The published solution's 14 clustering features per learner: minutes, CLV, the region code, and the
-- channel and region dummies (booleans; the engine reads them as 0/1).
with stg_learners__learners as (
    select * from {{ ref('stg_learners__learners') }}
),

learners_regions as (
    select * from {{ ref('learners_regions') }}
),

learners_channels as (
    select * from {{ ref('learners_channels') }}
),

decoded as (
    select
        stg_learners__learners.*,
        learners_regions.region_label,
        learners_channels.channel_name
    from stg_learners__learners
    inner join learners_regions
        on stg_learners__learners.region_code = learners_regions.region_code
    inner join learners_channels
        on stg_learners__learners.channel_code = learners_channels.channel_code
),

final as (
    -- The contract orders the columns as the YAML lists them.
    select
        *,
        {%- for condition, dummy in dummies %}
            {{ condition }} as {{ dummy }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from decoded
)

select * from final
