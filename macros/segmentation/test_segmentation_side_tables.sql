{#- Fails with one row per broken invariant between a segment table and its side tables. The side tables,
    their columns and types come from the engine's contract (model segmentation_side_table_contract). -#}
{% test segmentation_side_tables(model) %}
    {%- set contract = ref('segmentation_side_table_contract') -%}
    {%- set quoted = {} -%}
    {%- for name, value in [
        ('database', model.database), ('schema', model.schema), ('identifier', model.identifier)
    ] -%}
        {%- do quoted.update({name: "'" ~ (value | replace("'", "''")) ~ "'"}) -%}
    {%- endfor -%}
    {%- if execute -%}
        {%- set tables = segmentation_contract_tables(model, contract) -%}
    {%- else -%}
        {#- Parse time: nothing to read yet; the SQL is rendered, not run. -#}
        {%- set tables = {'side': {}, 'suffixes': ["''"], 'table_names': ["''"]} -%}
    {%- endif -%}
    {#- The side tables the checks read; at parse time they stand in as the model itself. -#}
    {%- set side, stand_in = tables['side'], (none if execute else model) -%}
    {%- set profiles, centroids = side.get('profiles', stand_in), side.get('centroids', stand_in) -%}
    {%- set scaler, k_selection = side.get('scaler', stand_in), side.get('k_selection', stand_in) -%}
    {%- set lineage, ward_linkage = side.get('lineage', stand_in), side.get('ward_linkage') %}

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
    from {{ profiles }}
),

chosen_k as (
    select k
    from {{ k_selection }}
    where is_chosen
),

centroid_segments as (
    select count(distinct segment_id) as segment_count
    from {{ centroids }}
),

current_lineage as (
    select status
    from {{ lineage }}
    where run_id in (select run_id from {{ model }})
),

contract_columns as (
    select
        table_suffix,
        column_name,
        data_type
    from {{ contract }}
    where table_suffix in ({{ tables['suffixes'] | join(', ') }})
),

warehouse_columns as (
    select
        substr(table_name, {{ (model.identifier | length) + 1 }}) as table_suffix,
        column_name,
        data_type
    from information_schema.columns
    where
        table_catalog = {{ quoted['database'] }}
        and table_schema = {{ quoted['schema'] }}
        and table_name in ({{ tables['table_names'] | join(', ') }})
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
    where (select count(*) from {{ centroids }})
        != (select segment_count from centroid_segments) * (select count(*) from {{ scaler }})

    union all

    select 'segment ' || cast(segment_rows.segment_id as varchar) || ' has no centroid'
    from segment_rows
    where segment_rows.segment_id not in (select segment_id from {{ centroids }})

    union all

    select 'lineage does not list every current segment as kept or new'
    where (select count(*) from current_lineage where status in ('kept', 'new'))
        != (select segment_count from centroid_segments)

    union all

    {#- The lineage keeps every run: the segment table's run must be among them. #}
    select 'lineage has no rows of the segment table''s run'
    where not exists (select 1 from current_lineage)

    union all

    select 'run_id differs between the segment table and its side tables'
    where (
        select count(distinct run_id)
        from (
            select run_id from {{ model }}
            union all select run_id from {{ profiles }}
            union all select run_id from {{ centroids }}
            union all select run_id from {{ scaler }}
            union all select run_id from {{ k_selection }}
        ) as run_ids
    ) != 1

    union all

    select
        'table ' || {{ quoted['identifier'] }} || contract_columns.table_suffix || ' lacks contract column '
        || contract_columns.column_name || ' ' || contract_columns.data_type
    from contract_columns
    left join warehouse_columns
        on contract_columns.table_suffix = warehouse_columns.table_suffix
        and contract_columns.column_name = warehouse_columns.column_name
    where warehouse_columns.column_name is null

    union all

    select
        'table ' || {{ quoted['identifier'] }} || contract_columns.table_suffix || ' column '
        || contract_columns.column_name || ' is ' || warehouse_columns.data_type || ', not '
        || contract_columns.data_type
    from contract_columns
    inner join warehouse_columns
        on contract_columns.table_suffix = warehouse_columns.table_suffix
        and contract_columns.column_name = warehouse_columns.column_name
    where warehouse_columns.data_type != contract_columns.data_type

    union all

    {#- The segment table adds pca, passthrough, derived columns; a side table has the contract's only. #}
    select
        'table ' || {{ quoted['identifier'] }} || warehouse_columns.table_suffix || ' has column '
        || warehouse_columns.column_name || ', not in the contract'
    from warehouse_columns
    left join contract_columns
        on warehouse_columns.table_suffix = contract_columns.table_suffix
        and warehouse_columns.column_name = contract_columns.column_name
    where warehouse_columns.table_suffix != '' and contract_columns.column_name is null
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
