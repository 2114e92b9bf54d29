{#- One row per data record of the contacts file (header excluded): the raw cell of every canonical property
    (`<property>__history`, header names resolved through the alias seed), its latest history value
    (`__latest`), the typed id / counts / likelihood / dates (`__typed`, types from seed hubspot_properties)
    and the first defect keeping the record out of staging. -#}
{#- A table: the row numbers are assigned once, and the staged, rejects and history models and their tests
    would otherwise each re-read the file and re-split every history cell (measured on the demo export). -#}
{{ config(materialized='table') }}

{%- set properties = hubspot_resolve_columns(
    source('hubspot', 'contacts'), ref('hubspot_column_aliases'), ref('hubspot_properties')
) -%}
{#- Whole numbers are parsed through a double: below 2^53 it holds every integer exactly. -#}
{%- set max_whole_number = '1e15' -%}
{#- Reason per checked property type; types are checked in this order, each type's properties in
    property_order. The Record ID checks come first and are written out below (the key has its own reasons). -#}
{%- set reasons_by_type = {
    'count': 'count is not a non-negative whole number',
    'likelihood': 'likelihood to close is not numeric',
    'date': 'unparseable date (expected epoch milliseconds or ISO 8601)',
} -%}
{%- set checked_types = ['count', 'likelihood', 'date'] -%}

{%- set names_by_type = {'id': [], 'count': [], 'likelihood': [], 'date': [], 'text': []} -%}
{%- set header_sql = {} -%}
{%- for property in properties -%}
    {%- do names_by_type[property.property_type].append(property.property_name) -%}
    {%- do header_sql.update({
        property.property_name: "'" ~ (property.source_column | replace("'", "''")) ~ "'"
        if property.source_column is not none else 'null'
    }) -%}
{%- endfor -%}
{%- set whole_number_properties = names_by_type['id'] + names_by_type['count'] -%}
{%- set typed_properties = whole_number_properties + names_by_type['likelihood'] + names_by_type['date'] -%}
{#- (property, failing condition, reason) in priority order after the Record ID checks. -#}
{%- set checks = [] -%}
{%- for property_type in checked_types -%}
    {%- for property_name in names_by_type[property_type] -%}
        {%- do checks.append((
            property_name,
            property_name ~ '__latest is not null and ' ~ property_name ~ '__typed is null',
            reasons_by_type[property_type],
        )) -%}
    {%- endfor -%}
{%- endfor -%}
{%- set record_id_header = header_sql.get('record_id', 'null') -%}

with source as (

    select * from {{ source('hubspot', 'contacts') }}

),

numbered as (

    select
        filename as source_file,
        -- 1-based data record of the file (header excluded); DuckDB keeps the file's order.
        cast(row_number() over () as bigint) as source_row_number
    {#- sqlfluff renders this model without a warehouse, so with no property: the loop tags sit at the
        level of `from`, where it then sees them, and each property column brings its own separating
        comma, so none trails the list. No if-block inside the loop: sqlfluff misplaces layout errors
        for if-blocks in a loop it renders zero times. #}
    {%- for property in properties %},
        {%- set source_column_sql = '"' ~ (property.source_column | replace('"', '""')) ~ '"'
            if property.source_column is not none else 'null' %}
        cast({{ source_column_sql }} as varchar) as {{ property.property_name }}__history
    {%- endfor %}
    from source

),

latest_values as (

    select *
    {%- for property in properties %},
        {{ hubspot_history_latest(property.property_name ~ '__history') }}
            as {{ property.property_name }}__latest
    {%- endfor %}
    from numbered

),

typed as (

    select *
    {%- for property_name in whole_number_properties %},
        case
            when
                try_cast({{ property_name }}__latest as double) >= 0
                and try_cast({{ property_name }}__latest as double) < {{ max_whole_number }}
                and try_cast({{ property_name }}__latest as double)
                = floor(try_cast({{ property_name }}__latest as double))
                then cast(try_cast({{ property_name }}__latest as double) as bigint)
        end as {{ property_name }}__typed
    {%- endfor %}
    {%- for property_name in names_by_type['likelihood'] %},
        try_cast(trim(replace({{ property_name }}__latest, '%', '')) as double) as {{ property_name }}__typed
    {%- endfor %}
    {%- for property_name in names_by_type['date'] %},
        coalesce(
            {{ hubspot_epoch_ms_to_timestamp(property_name ~ '__latest') }},
            case
                when try_cast({{ property_name }}__latest as double) is null
                    then try_cast({{ property_name }}__latest as timestamp)
            end
        ) as {{ property_name }}__typed
    {%- endfor %}
    from latest_values

),

row_defects as (

    select
        *,
        case
            when record_id__latest is null then {{ record_id_header }}
            when record_id__typed is null then {{ record_id_header }}
            {%- for check in checks %}
                when {{ check[1] }} then {{ header_sql[check[0]] }}
            {%- endfor %}
        end as defect_column,
        case
            when record_id__latest is null then null
            when record_id__typed is null then record_id__latest
            {%- for check in checks %}
                when {{ check[1] }} then {{ check[0] }}__latest
            {%- endfor %}
        end as defect_value,
        case
            when record_id__latest is null then 'missing Record ID'
            when record_id__typed is null then 'Record ID is not a non-negative integer'
            {%- for check in checks %}
                when {{ check[1] }} then '{{ check[2] }}'
            {%- endfor %}
        end as defect_reason,
        cast(
            cast(record_id__latest is null as integer)
            + cast(record_id__typed is null as integer)
            {%- for check in checks %}
                + cast(coalesce({{ check[1] }}, false) as integer)
            {%- endfor %}
            as integer
        ) as defect_count
    from typed

),

duplicates_ranked as (

    -- Among records with no other defect, the first occurrence (lowest row number) of a Record ID is kept.
    select
        *,
        case
            when defect_reason is null
                then row_number() over (
                    partition by record_id__typed, defect_reason is null order by source_row_number
                )
        end as record_id_occurrence,
        case
            when defect_reason is null
                then min(source_row_number) over (partition by record_id__typed, defect_reason is null)
        end as record_id_first_row_number
    from row_defects

),

final as (

    select
        source_file,
        source_row_number,
        case
            when record_id_occurrence > 1 then {{ record_id_header }} else defect_column
        end as reject_column,
        case when record_id_occurrence > 1 then record_id__latest else defect_value end as rejected_value,
        case
            when record_id_occurrence > 1
                then
                    'duplicate Record ID (first occurrence kept: data row '
                    || cast(record_id_first_row_number as varchar) || ')'
            else defect_reason
        end as reject_reason,
        cast(defect_count + coalesce(cast(record_id_occurrence > 1 as integer), 0) as integer)
            as defect_count
    {%- for property in properties %},
        {{ property.property_name }}__history,
        {{ property.property_name }}__latest
    {%- endfor %}
    {%- for property_name in typed_properties %},
        {{ property_name }}__typed
    {%- endfor %}
    from duplicates_ranked

)

select * from final
