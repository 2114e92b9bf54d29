{{ loading_count_outcomes([
    ref('base_web__clickstream'),
    ref('base_web__search_queries'),
    ref('base_web__article_views'),
]) }}
