{{ count_load_outcomes([
    ('reactions.csv', ref('int_facebook_reactions_validated')),
    ('comments.csv', ref('int_facebook_comments_validated')),
    ('shares.csv', ref('int_facebook_shares_validated')),
]) }}
