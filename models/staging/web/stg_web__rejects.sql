{{ loading_union_rejects([
    ('clickstream', ref('base_web__clickstream')),
    ('search_queries', ref('base_web__search_queries')),
    ('article_views', ref('base_web__article_views')),
]) }}
