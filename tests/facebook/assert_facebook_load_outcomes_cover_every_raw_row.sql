-- A returned row is a Facebook file whose load outcomes miss raw rows (a row dropped silently).
{{ load_outcomes_missing_raw_rows(ref('fct_facebook_event_load_outcomes'), [
    ('reactions.csv', ref('stg_facebook__reactions')),
    ('comments.csv', ref('stg_facebook__comments')),
    ('shares.csv', ref('stg_facebook__shares')),
]) }}
