{#- One row per geography segment code (2A–2F, 2Z): size, share, engagement means, close rate and
    days to close. -#}
{{ hubspot_segment_profiles(
    ref('seg_hubspot_geography'),
    ref('feat_hubspot_contacts'),
    ['num_sessions', 'num_pageviews', 'forms_submitted', 'engagement_score'],
) }}
