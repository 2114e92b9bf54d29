{#- Splits a HubSpot history cell ("v1 // v2 // v3", oldest first) into an ordered list of trimmed values. -#}
{#- Empty, 'nan' and 'none' tokens are dropped (case-insensitive); '//' without spaces and trailing
    delimiters are tolerated; '://' (URLs in referrer fields) is protected so it is never a delimiter. -#}
{% macro hubspot_history_values(column) -%}
    {{ return(adapter.dispatch('hubspot_history_values', 'audience_segmentation')(column)) }}
{%- endmacro %}

{% macro default__hubspot_history_values(column) -%}
    {#- PostgreSQL-style arrays (string_to_array, unnest with ordinality). -#}
    array(
        select trim(replace(history_tokens.history_token, chr(1), '://'))
        from unnest(
            string_to_array(replace(coalesce(cast({{ column }} as varchar), ''), '://', chr(1)), '//')
        ) with ordinality as history_tokens (history_token, token_position)
        where trim(replace(history_tokens.history_token, chr(1), '://')) <> ''
            and lower(trim(history_tokens.history_token)) not in ('nan', 'none')
        order by history_tokens.token_position
    )
{%- endmacro %}

{% macro duckdb__hubspot_history_values(column) -%}
    list_filter(
        list_transform(
            string_split(replace(coalesce(cast({{ column }} as varchar), ''), '://', chr(1)), '//'),
            lambda history_token: trim(replace(history_token, chr(1), '://'))
        ),
        lambda history_token: history_token <> '' and lower(history_token) not in ('nan', 'none')
    )
{%- endmacro %}

{% macro spark__hubspot_history_values(column) -%}
    filter(
        transform(
            split(replace(coalesce(cast({{ column }} as string), ''), '://', char(1)), '//'),
            history_token -> trim(replace(history_token, char(1), '://'))
        ),
        history_token -> history_token <> '' and lower(history_token) not in ('nan', 'none')
    )
{%- endmacro %}
