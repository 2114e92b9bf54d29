with source as (
    select * from {{ source('facebook', 'shares') }}
),

renamed as (
    select
        -- 1-based data row of the file (DuckDB keeps insertion order), so a reject can be traced to its line.
        row_number() over () as source_row_number,
        nullif(trim(page_id), '') as page_id,
        nullif(trim(post_id), '') as post_id,
        nullif(trim(shared_by_user_id), '') as shared_by_user_id,
        nullif(trim(shared_to_user_id), '') as shared_to_user_id,
        try_cast(shared_at as timestamp) as shared_at,
        shared_at as shared_at_raw
    from source
)

select * from renamed
