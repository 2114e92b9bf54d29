with source as (
    select * from {{ source('facebook', 'reactions') }}
),

renamed as (
    select
        -- 1-based data row of the file (DuckDB keeps insertion order), so a reject can be traced to its line.
        row_number() over () as source_row_number,
        nullif(trim(page_id), '') as page_id,
        nullif(trim(post_id), '') as post_id,
        nullif(trim(user_id), '') as user_id,
        -- Documented coercion: ' like' and 'Like' are LIKE.
        nullif(upper(trim(reaction_type)), '') as reaction_type,
        reaction_type as reaction_type_raw,
        try_cast(reacted_at as timestamp) as reacted_at,
        reacted_at as reacted_at_raw
    from source
)

select * from renamed
