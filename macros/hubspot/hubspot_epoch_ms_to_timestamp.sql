{#- HubSpot epoch milliseconds (text; "1600000000000" or "1.6e12") → UTC timestamp; null when unparseable
    or outside 1970-01-01 .. 2999-12-31. Integer arithmetic on the rounded milliseconds keeps it
    independent of the session time zone. -#}
{% macro hubspot_epoch_ms_to_timestamp(expression) -%}
    {{ return(adapter.dispatch('hubspot_epoch_ms_to_timestamp', 'audience_segmentation')(expression)) }}
{%- endmacro %}

{% macro default__hubspot_epoch_ms_to_timestamp(expression) -%}
    case
        when cast(trim({{ expression }}) as double precision) between 0 and 32503679999999
            then cast('1970-01-01 00:00:00' as timestamp)
                + cast(round(cast(trim({{ expression }}) as double precision)) as bigint)
                * interval '1 millisecond'
    end
{%- endmacro %}

{% macro duckdb__hubspot_epoch_ms_to_timestamp(expression) -%}
    case
        when try_cast(trim({{ expression }}) as double) between 0 and 32503679999999
            then epoch_ms(cast(round(try_cast(trim({{ expression }}) as double)) as bigint))
    end
{%- endmacro %}

{% macro spark__hubspot_epoch_ms_to_timestamp(expression) -%}
    case
        when try_cast(trim({{ expression }}) as double) between 0 and 32503679999999
            then timestamp_millis(cast(round(try_cast(trim({{ expression }}) as double)) as bigint))
    end
{%- endmacro %}
