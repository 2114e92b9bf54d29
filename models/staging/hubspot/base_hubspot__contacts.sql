{#- One row per data record of the contacts file: canonical property names (aliases resolved from the
    seed), raw history text, typed latest values and the first defect that stops the row from staging. -#}
{{ config(materialized='table') }}

{%- set properties = hubspot_resolve_columns(source('hubspot', 'contacts'), ref('hubspot_column_aliases')) -%}
{%- set checked_kinds = ['id', 'count', 'likelihood', 'epoch_ms'] -%}

with source as (

    select * from {{ source('hubspot', 'contacts') }}

),

numbered as (

    select
        filename as source_file,
        -- 1-based data record of the file (header excluded); DuckDB keeps the file's order.
        cast(row_number() over () as integer) as source_row_number,
        {%- for property in properties %}
        {%- if property.source_column is not none %}
        cast("{{ property.source_column | replace('"', '""') }}" as varchar) as {{ property.property_name }}__history,
        {%- else %}
        cast(null as varchar) as {{ property.property_name }}__history,
        {%- endif %}
        {%- endfor %}
    from source

),

latest_values as (

    select
        *,
        {%- for property in properties %}
        {{ hubspot_history_latest(property.property_name ~ '__history') }} as {{ property.property_name }}__latest,
        {%- endfor %}
    from numbered

),

typed as (

    select
        *,
        {%- for property in properties %}
        {%- set latest = property.property_name ~ '__latest' %}
        {%- if property.value_kind in ['id', 'count'] %}
        case
            when try_cast({{ latest }} as double) >= 0
                and try_cast({{ latest }} as double) < 1e15
                and try_cast({{ latest }} as double) = floor(try_cast({{ latest }} as double))
                then cast(try_cast({{ latest }} as double) as bigint)
        end as {{ property.property_name }}__typed,
        {%- elif property.value_kind == 'likelihood' %}
        try_cast(replace({{ latest }}, '%', '') as double) as {{ property.property_name }}__typed,
        {%- elif property.value_kind == 'epoch_ms' %}
        coalesce(
            {{ hubspot_epoch_ms_to_timestamp(latest) }},
            case
                when try_cast({{ latest }} as double) is null
                    then try_cast({{ latest }} as timestamp)
            end
        ) as {{ property.property_name }}__typed,
        {%- endif %}
        {%- endfor %}
    from latest_values

),

row_defects as (

    select
        *,
        {#- Every check as (source column, property, offending value, failing condition, reason). -#}
        {%- set checks = [] %}
        {%- for property in properties if property.value_kind in checked_kinds %}
        {%- set latest = property.property_name ~ '__latest' %}
        {%- set typed = property.property_name ~ '__typed' %}
        {%- set column_label = property.source_column if property.source_column is not none else property.property_name %}
        {%- if property.value_kind == 'id' %}
        {%- do checks.append((column_label, property.property_name, latest, latest ~ ' is null', 'missing Record ID')) %}
        {%- do checks.append((column_label, property.property_name, latest, typed ~ ' is null', 'Record ID is not a non-negative integer')) %}
        {%- elif property.value_kind == 'count' %}
        {%- do checks.append((column_label, property.property_name, latest, latest ~ ' is not null and ' ~ typed ~ ' is null', 'count is not a non-negative whole number')) %}
        {%- elif property.value_kind == 'likelihood' %}
        {%- do checks.append((column_label, property.property_name, latest, latest ~ ' is not null and ' ~ typed ~ ' is null', 'likelihood to close is not numeric')) %}
        {%- else %}
        {%- do checks.append((column_label, property.property_name, latest, latest ~ ' is not null and ' ~ typed ~ ' is null', 'unparseable date (expected epoch milliseconds or ISO 8601)')) %}
        {%- endif %}
        {%- endfor %}
        case
            {%- for check in checks %}
            when {{ check[3] }} then '{{ check[0] | replace("'", "''") }}'
            {%- endfor %}
        end as defect_source_column,
        case
            {%- for check in checks %}
            when {{ check[3] }} then '{{ check[1] }}'
            {%- endfor %}
        end as defect_property_name,
        case
            {%- for check in checks %}
            when {{ check[3] }} then {{ check[2] }}
            {%- endfor %}
        end as defect_value,
        case
            {%- for check in checks %}
            when {{ check[3] }} then '{{ check[4] }}'
            {%- endfor %}
        end as defect_reason,
        0
        {%- for check in checks %}
        + cast(coalesce({{ check[3] }}, false) as integer)
        {%- endfor %} as defect_count,
    from typed

),

duplicates_ranked as (

    -- Among rows with no other defect, the first occurrence (lowest row number) of a Record ID is kept.
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
                then min(source_row_number) over (
                    partition by record_id__typed, defect_reason is null
                )
        end as record_id_first_row_number
    from row_defects

),

final as (

    select
        source_file,
        source_row_number,
        {%- for property in properties %}
        {{ property.property_name }}__history,
        {{ property.property_name }}__latest,
        {%- if property.value_kind in checked_kinds %}
        {{ property.property_name }}__typed,
        {%- endif %}
        {%- endfor %}
        case
            when record_id_occurrence > 1 then '{{ (properties | selectattr("property_name", "equalto", "record_id") | map(attribute="source_column") | first) | replace("'", "''") }}'
            else defect_source_column
        end as reject_source_column,
        case when record_id_occurrence > 1 then 'record_id' else defect_property_name end as reject_property_name,
        case when record_id_occurrence > 1 then record_id__latest else defect_value end as reject_value,
        case
            when record_id_occurrence > 1
                then 'duplicate Record ID (first occurrence kept: data row '
                    || cast(record_id_first_row_number as varchar) || ')'
            else defect_reason
        end as reject_reason,
        defect_count + cast(coalesce(record_id_occurrence > 1, false) as integer) as defect_count,
    from duplicates_ranked

)

select * from final
