-- Returns every learner whose SQL-scored segment (score_segmentation: nearest stored centroid) differs from the Python engine's assignment in seg_learners.
with seg_learners as (
    select * from {{ ref('seg_learners') }}
),

sql_scored as (
    {{ score_segmentation(ref('fct_learner_features'), ref('seg_learners'), 'learner_id') }}
),

compared as (
    select
        seg_learners.learner_id,
        seg_learners.segment_id as python_segment_id,
        sql_scored.segment_id as sql_segment_id,
        seg_learners.distance_to_centroid as python_distance,
        sql_scored.distance_to_centroid as sql_distance
    from seg_learners
    full outer join sql_scored
        on seg_learners.learner_id = sql_scored.learner_id
)

select *
from compared
where python_segment_id is distinct from sql_segment_id
    or abs(python_distance - sql_distance) > 1e-9
    or python_distance is null
    or sql_distance is null
