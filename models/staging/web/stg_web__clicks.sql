with source as (
    select * from {{ source('web', 'clickstream') }}
),

renamed as (
    select
        -- 1-based data row of the file (DuckDB keeps insertion order), so a reject can be traced to its line.
        row_number() over () as source_row_number,
        nullif(trim(user_id), '') as user_id,
        try_cast(timestamp as timestamp) as clicked_at,
        timestamp as clicked_at_raw,
        nullif(trim(url), '') as page_url,
        nullif(trim(referrer), '') as referrer_url,
        lower(nullif(trim(device), '')) as device_type,
        try_cast(time_spent as integer) as time_spent_seconds,
        time_spent as time_spent_raw
    from source
)

select * from renamed
