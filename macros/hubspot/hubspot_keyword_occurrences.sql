{#- Number of whole-token occurrences of a keyword in a text; both sides must already be normalised with
    hubspot_token_text. Plain string replacement (no regex), so keyword characters such as '.' need no
    escaping and adjacent occurrences are counted. -#}
{% macro hubspot_keyword_occurrences(token_text, token_keyword) -%}
    {%- set implementation = adapter.dispatch('hubspot_keyword_occurrences', 'audience_segmentation') -%}
    {{ return(implementation(token_text, token_keyword)) }}
{%- endmacro %}

{% macro default__hubspot_keyword_occurrences(token_text, token_keyword) -%}
    cast(
        (length({{ token_text }}) - length(replace({{ token_text }}, {{ token_keyword }}, '')))
        / length({{ token_keyword }})
        as integer
    )
{%- endmacro %}

{% macro duckdb__hubspot_keyword_occurrences(token_text, token_keyword) -%}
    cast(
        (length({{ token_text }}) - length(replace({{ token_text }}, {{ token_keyword }}, '')))
        // length({{ token_keyword }})
        as integer
    )
{%- endmacro %}
