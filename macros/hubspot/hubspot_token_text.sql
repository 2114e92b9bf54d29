{#- Normalises text for whole-token keyword matching: accent-free lower case, whitespace runs collapsed,
    every non-alphanumeric character surrounded by spaces, and the whole padded with spaces. A keyword
    normalised the same way occurs as a whole token exactly where ' <keyword> ' occurs in the result;
    because every separator becomes at least three spaces, adjacent occurrences ("fb fb") are all found. -#}
{% macro hubspot_token_text(expression) -%}
    {{ return(adapter.dispatch('hubspot_token_text', 'audience_segmentation')(expression)) }}
{%- endmacro %}

{% macro default__hubspot_token_text(expression) -%}
    {#- PostgreSQL-style regexp_replace (flags argument, \1 back-reference); accents via translate. -#}
    (
        ' '
        || regexp_replace(
            regexp_replace(
                translate(
                    lower(coalesce({{ expression }}, '')),
                    'áàäâãéèëêíìïîóòöôõúùüûñç',
                    'aaaaaeeeeiiiiooooouuuunc'
                ),
                '\s+',
                ' ',
                'g'
            ),
            '([^[:alnum:]])',
            ' \1 ',
            'g'
        )
        || ' '
    )
{%- endmacro %}

{% macro duckdb__hubspot_token_text(expression) -%}
    (
        ' '
        || regexp_replace(
            regexp_replace(lower(strip_accents(coalesce({{ expression }}, ''))), '\s+', ' ', 'g'),
            '([^\p{L}\p{N}])',
            ' \1 ',
            'g'
        )
        || ' '
    )
{%- endmacro %}

{% macro spark__hubspot_token_text(expression) -%}
    {#- Spark's regexp_replace is always global and uses $1 for the group; no strip_accents, so translate. -#}
    concat(
        ' ',
        regexp_replace(
            regexp_replace(
                translate(
                    lower(coalesce({{ expression }}, '')),
                    'áàäâãéèëêíìïîóòöôõúùüûñç',
                    'aaaaaeeeeiiiiooooouuuunc'
                ),
                '\\s+',
                ' '
            ),
            '([^\\p{L}\\p{N}])',
            ' $1 '
        ),
        ' '
    )
{%- endmacro %}
