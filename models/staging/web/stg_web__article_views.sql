with source as (
    select * from {{ source('web', 'article_views') }}
),

renamed as (
    select
        -- 1-based data row of the file (DuckDB keeps insertion order), so a reject can be traced to its line.
        row_number() over () as source_row_number,
        nullif(trim(user_id), '') as user_id,
        try_cast(timestamp as timestamp) as viewed_at,
        timestamp as viewed_at_raw,
        try_cast(article_id as bigint) as article_id,
        try_cast(time_spent as integer) as time_spent_seconds,
        time_spent as time_spent_raw
    from source
)

select * from renamed
