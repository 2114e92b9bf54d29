{{ count_load_outcomes([
    ('clickstream.csv', ref('int_web_clicks_validated')),
    ('search_queries.csv', ref('int_web_searches_validated')),
    ('article_views.csv', ref('int_web_article_views_validated')),
]) }}
