-- A returned row is an impression key (user, second, ad group, pid) present more than once in staging.
-- Primary-key test for 26M rows: only keys whose hash repeats need the exact comparison.
with

stg_ad_logs__impressions as (
    select * from {{ ref('stg_ad_logs__impressions') }}
),

hashed as (
    select
        *,
        hash(user_id, displayed_epoch_seconds, adgroup_id, pid) as key_hash
    from stg_ad_logs__impressions
),

shared_hashes as (
    select key_hash
    from hashed
    group by key_hash
    having count(*) > 1
),

repeated_keys as (
    select
        user_id,
        displayed_epoch_seconds,
        adgroup_id,
        pid,
        count(*) as occurrences
    from hashed
    semi join shared_hashes
        on hashed.key_hash = shared_hashes.key_hash
    group by user_id, displayed_epoch_seconds, adgroup_id, pid
    having count(*) > 1
)

select * from repeated_keys
