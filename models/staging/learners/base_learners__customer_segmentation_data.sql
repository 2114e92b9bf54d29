{{ config(materialized="table") }}  {#- parsed once, so every downstream read sees the same learner ids -#}

-- One row per data line of the export. The file is split into lines here rather than by the CSV sniffer,
-- which silently returned no rows for a file with mixed line endings and one malformed line. learner_id
-- is the 1-based position among non-empty data lines (as pandas.read_csv numbers them); blank minutes
-- mean "bought, not watched yet" = 0; each line gets the first failing check as its reject_reason.
with customer_segmentation_data as (
    select * from {{ source('learners', 'customer_segmentation_data') }}
),

learner_regions as (
    select * from {{ ref('learner_regions') }}
),

learner_channels as (
    select * from {{ ref('learner_channels') }}
),

file_lines as (
    select
        unnest(range(1, len(line_texts) + 1)) as file_line_number,
        unnest(line_texts) as line_text
    from (
        select string_split(content, chr(10)) as line_texts
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
        file_line_number,
        rtrim(line_text, chr(13)) as line_text
    from file_lines
    -- empty lines are not records (pandas skips them too); the file's final newline makes one
    where file_line_number > 1 and trim(rtrim(line_text, chr(13))) != ''
),

fields as (
    select
        row_number() over (order by data_lines.file_line_number) as learner_id,
        data_lines.file_line_number,
        data_lines.line_text,
        string_split(data_lines.line_text, ',') as field_values,
        case
            when header_line.normalized_header = 'minutes_watched,clv,region,channel' then null
            else error(
                'customer_segmentation_data.csv: header is "' || header_line.normalized_header
                || '", expected exactly minutes_watched,CLV,region,channel'
            )
        end as header_error
    from data_lines
    cross join header_line
),

typed as (
    select
        learner_id,
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

classified as (
    select
        *,
        case
            when field_count != 4
                then 'line has ' || field_count || ' fields, expected 4'
            when minutes_watched_text is not null and try_cast(minutes_watched_text as double) is null
                then 'minutes_watched is not a number'
            when minutes_watched < 0 then 'minutes_watched is negative'
            when clv_text is null then 'CLV is missing'
            when clv is null then 'CLV is not a number'
            when region_text is null then 'region is missing'
            when
                region_code is null
                or region_code not in (select learner_regions.region_code from learner_regions)
                then 'region is not a known region code (seed learner_regions)'
            when channel_text is null then 'channel is missing'
            when
                channel_code is null
                or channel_code not in (select learner_channels.channel_code from learner_channels)
                then 'channel is not a known channel code (seed learner_channels)'
        end as reject_reason
    from parsed
)

select * from classified
