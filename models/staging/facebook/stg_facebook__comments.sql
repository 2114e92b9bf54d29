with source as (
    select * from {{ source('facebook', 'comments') }}
),

renamed as (
    select
        -- 1-based data row of the file (DuckDB keeps insertion order), so a reject can be traced to its line.
        row_number() over () as source_row_number,
        nullif(trim(page_id), '') as page_id,
        nullif(trim(post_id), '') as post_id,
        nullif(trim(user_id), '') as user_id,
        try_cast(commented_at as timestamp) as commented_at,
        commented_at as commented_at_raw,
        try_cast(like_count as integer) as like_count,
        try_cast(reply_count as integer) as reply_count,
        like_count as like_count_raw,
        reply_count as reply_count_raw
    from source
)

select * from renamed
