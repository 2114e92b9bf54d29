-- A returned row is a web file whose load outcomes miss raw rows (a row dropped silently).
{{ load_outcomes_missing_raw_rows(ref('fct_web_event_load_outcomes'), [
    ('clickstream.csv', ref('stg_web__clicks')),
    ('search_queries.csv', ref('stg_web__searches')),
    ('article_views.csv', ref('stg_web__article_views')),
]) }}
