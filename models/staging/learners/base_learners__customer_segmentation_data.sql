{#- A table: parsed once, so every downstream read sees the same learner ids. -#}
{{ config(materialized="table") }}
{#- The export's columns, exactly as its header names them (SEED_FACTS section A). -#}
{%- set header_columns = ['minutes_watched', 'CLV', 'region', 'channel'] -%}
{#- Code columns, each checked against the seed that decodes it. -#}
{%- set coded_columns = [(header_columns[2], 'learners_regions'), (header_columns[3], 'learners_channels')] %}

-- One row per data line of the export. The file is split into lines here rather than by the CSV sniffer,
-- which silently returned no rows for a file with mixed line endings and one malformed line. learner_id
-- is the 1-based position among non-empty data lines (as pandas.read_csv numbers them); blank minutes
-- mean "bought, not watched yet" = 0; each line gets the first failing check as its reject_reason, with
-- the file's column and raw value.
with customer_segmentation_data as (
    select * from {{ source('learners', 'customer_segmentation_data') }}
),

learners_regions as (
    select * from {{ ref('learners_regions') }}
),

learners_channels as (
    select * from {{ ref('learners_channels') }}
),

file_lines as (
    select
        filename as source_file,
        unnest(range(1, len(line_texts) + 1)) as file_line_number,
        unnest(line_texts) as line_text
    from (
        select
            filename,
            string_split(content, chr(10)) as line_texts
        from customer_segmentation_data
    ) as split_file
),

header_line as (
    select lower(replace(replace(rtrim(line_text, chr(13)), ' ', ''), '"', '')) as normalized_header
    from file_lines
    where file_line_number = 1
),

data_lines as (
    select
        source_file,
        file_line_number,
        rtrim(line_text, chr(13)) as line_text
    from file_lines
    -- empty lines are not records (pandas skips them too); the file's final newline makes one
    where file_line_number > 1 and trim(rtrim(line_text, chr(13))) != ''
),

fields as (
    select
        row_number() over (order by data_lines.file_line_number) as learner_id,
        data_lines.source_file,
        data_lines.file_line_number,
        data_lines.line_text,
        string_split(data_lines.line_text, ',') as field_values,
        case
            when header_line.normalized_header = '{{ header_columns | join(",") | lower }}' then null
            else error(
                'customer_segmentation_data.csv: header is "' || header_line.normalized_header
                || '", expected exactly {{ header_columns | join(",") }}'
            )
        end as header_error
    from data_lines
    cross join header_line
),

typed as (
    select
        learner_id,
        source_file,
        file_line_number,
        line_text,
        len(field_values) as field_count,
        nullif(trim(field_values[1], ' "'), '') as minutes_watched_text,
        nullif(trim(field_values[2], ' "'), '') as clv_text,
        nullif(trim(field_values[3], ' "'), '') as region_text,
        nullif(trim(field_values[4], ' "'), '') as channel_text
    from fields
    where header_error is null
),

parsed as (
    select
        *,
        coalesce(try_cast(minutes_watched_text as double), 0.0) as minutes_watched,
        minutes_watched_text is null as is_minutes_blank,
        try_cast(clv_text as double) as clv,
        try_cast(region_text as integer) as region_code,
        try_cast(channel_text as integer) as channel_code
    from typed
),

-- Checks in priority order: (column as the file names it, or null for the whole line; raw value; reason).
checked as (
    select
        *,
        case
            when field_count != {{ header_columns | length }}
                then [
                    null,
                    line_text,
                    'line has ' || field_count || ' fields, expected {{ header_columns | length }}'
                ]
            when minutes_watched_text is not null and try_cast(minutes_watched_text as double) is null
                then ['{{ header_columns[0] }}', minutes_watched_text, 'minutes_watched is not a number']
            when minutes_watched < 0
                then ['{{ header_columns[0] }}', minutes_watched_text, 'minutes_watched is negative']
            when clv_text is null then ['{{ header_columns[1] }}', null, 'CLV is missing']
            when clv is null then ['{{ header_columns[1] }}', clv_text, 'CLV is not a number']
            {%- for field, seed in coded_columns %}
                when {{ field }}_text is null then ['{{ field }}', null, '{{ field }} is missing']
                when
                    {{ field }}_code is null
                    or {{ field }}_code not in (select {{ seed }}.{{ field }}_code from {{ seed }})
                    then [
                        '{{ field }}',
                        {{ field }}_text,
                        '{{ field }} is not a known {{ field }} code (seed {{ seed }})'
                    ]
            {%- endfor %}
        end as first_defect
    from parsed
),

final as (
    select
        learner_id,
        source_file,
        -- The loading pattern's row number: the data row (= learner_id; header and empty lines not counted).
        cast(learner_id as bigint) as source_row_number,
        file_line_number,
        line_text,
        field_count,
        minutes_watched_text,
        clv_text,
        region_text,
        channel_text,
        minutes_watched,
        is_minutes_blank,
        clv,
        region_code,
        channel_code,
        first_defect[1] as reject_column,
        first_defect[2] as rejected_value,
        first_defect[3] as reject_reason
    from checked
)

select * from final
