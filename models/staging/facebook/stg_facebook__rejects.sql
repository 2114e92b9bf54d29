{{ loading_union_rejects([
    ('reactions', ref('base_facebook__reactions')),
    ('comments', ref('base_facebook__comments')),
    ('shares', ref('base_facebook__shares')),
]) }}
