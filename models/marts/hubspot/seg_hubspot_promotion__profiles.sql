{#- One row per promotion segment code (3A–3D, Unknown): size, share, engagement and e-mail means, close rate,
    days to close. -#}
{{ hubspot_segment_profiles(
    ref('seg_hubspot_promotion'),
    ref('feat_hubspot_contacts'),
    [
        'num_sessions', 'num_pageviews', 'forms_submitted', 'engagement_score', 'email_engagement_score',
        'apreu_promotion_activity_count', 'pageviews_per_session_raw', 'forms_per_session_raw',
    ],
) }}
