with source as (
    select * from {{ source('web', 'search_queries') }}
),

renamed as (
    select
        -- 1-based data row of the file (DuckDB keeps insertion order), so a reject can be traced to its line.
        row_number() over () as source_row_number,
        nullif(trim(user_id), '') as user_id,
        try_cast(timestamp as timestamp) as searched_at,
        timestamp as searched_at_raw,
        -- Queries are compared case- and space-insensitively for distinct counts.
        nullif(lower(regexp_replace(trim(query), '\s+', ' ', 'g')), '') as search_query
    from source
)

select * from renamed
