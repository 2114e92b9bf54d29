{#- Fails with one row per broken invariant between a segment table and its side tables. -#}
{% test segmentation_side_tables(model) %}
    {%- set side = {} -%}
    {%- for suffix in ['profiles', 'centroids', 'scaler', 'k_selection', 'lineage'] -%}
        {%- set identifier = model.identifier ~ '__' ~ suffix -%}
        {%- do side.update({
            suffix: api.Relation.create(database=model.database, schema=model.schema, identifier=identifier)
        }) -%}
    {%- endfor -%}
    {#- Written only by segmentations with plots on: checked when it exists. -#}
    {%- set ward_linkage = adapter.get_relation(
        database=model.database, schema=model.schema, identifier=model.identifier ~ '__ward_linkage'
    ) if execute else none -%}

with segment_rows as (
    select
        segment_id,
        count(*) as row_count
    from {{ model }}
    group by segment_id
),

profile_segments as (
    select distinct
        segment_id,
        n,
        share
    from {{ side['profiles'] }}
),

chosen_k as (
    select k
    from {{ side['k_selection'] }}
    where is_chosen
),

centroid_segments as (
    select count(distinct segment_id) as segment_count
    from {{ side['centroids'] }}
),

checks as (
    select
        'profiles n does not sum to the segment table rows' as failure
    where (select sum(n) from profile_segments) != (select count(*) from {{ model }})

    union all

    select 'profiles shares do not sum to 1'
    where abs((select sum(share) from profile_segments) - 1.0) > 1e-9

    union all

    select 'profiles n differs from the segment table for segment ' || cast(profile_segments.segment_id as varchar)
    from profile_segments
    left join segment_rows
        on profile_segments.segment_id = segment_rows.segment_id
    where profile_segments.n != coalesce(segment_rows.row_count, 0)

    union all

    select 'k_selection does not have exactly one chosen k'
    where (select count(*) from chosen_k) != 1

    union all

    select 'centroid count differs from the chosen k'
    where (select segment_count from centroid_segments) != (select min(k) from chosen_k)

    union all

    select 'centroids do not have one row per segment and scaler feature'
    where (select count(*) from {{ side['centroids'] }})
        != (select segment_count from centroid_segments) * (select count(*) from {{ side['scaler'] }})

    union all

    select 'segment ' || cast(segment_rows.segment_id as varchar) || ' has no centroid'
    from segment_rows
    where segment_rows.segment_id not in (select segment_id from {{ side['centroids'] }})

    union all

    select 'lineage does not list every current segment as kept or new'
    where (select count(*) from {{ side['lineage'] }} where status in ('kept', 'new'))
        != (select segment_count from centroid_segments)

    union all

    select 'run_id differs between the segment table and its side tables'
    where (
        select count(distinct run_id)
        from (
            select run_id from {{ model }}
            union all select run_id from {{ side['profiles'] }}
            union all select run_id from {{ side['centroids'] }}
            union all select run_id from {{ side['scaler'] }}
            union all select run_id from {{ side['k_selection'] }}
            union all select run_id from {{ side['lineage'] }}
        ) as run_ids
    ) != 1
{%- if ward_linkage is not none %}

    union all

    select 'ward_linkage comes from another run_id than the segment table'
    where exists (
        select 1 from {{ ward_linkage }}
        where run_id not in (select run_id from {{ model }})
    )

    union all

    select 'ward_linkage does not hold sample_rows - 1 merges of one sample ending in a merge of every row'
    where (select count(*) from {{ ward_linkage }}) != (select max(sample_rows) - 1 from {{ ward_linkage }})
        or (select count(distinct sample_rows) from {{ ward_linkage }}) != 1
        or (select max(merged_size) from {{ ward_linkage }}) != (select max(sample_rows) from {{ ward_linkage }})

    union all

    select 'ward_linkage merge height decreases at step ' || cast(merge_step as varchar)
    from (
        select
            merge_step,
            merge_height,
            lag(merge_height) over (order by merge_step) as previous_height
        from {{ ward_linkage }}
    ) as merges
    where merge_height < previous_height
{%- endif %}
)

select * from checks
{% endtest %}
