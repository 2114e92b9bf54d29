{#- The 64-bit key that stg_ad_logs__impressions stores instead of the ad position text (pid), as a
    bigint, because grouping and sorting on text costs far more at full scale (docs/decisions/0005);
    stg_ad_logs__positions maps every key back to its text, and its unique tests stop the build if two
    positions ever share a key (a hash collision) or one position gets two keys (the engine's hash
    function changed between the runs that staged them: rebuild both models with --full-refresh).

    DuckDB: hash() shifted to 63 bits so that it fits a signed bigint. Spark and Databricks: xxhash64.
    Other adapters need their own implementation. -#}
{% macro ad_logs_pid_key(expression) -%}
    {{ return(adapter.dispatch('ad_logs_pid_key', 'audience_segmentation')(expression)) }}
{%- endmacro %}

{% macro default__ad_logs_pid_key(expression) -%}
    {{ exceptions.raise_compiler_error(
        'ad_logs_pid_key has no implementation for the ' ~ target.type ~ ' adapter: add a '
        ~ target.type ~ '__ad_logs_pid_key macro returning a 64-bit integer hash of the pid text') }}
{%- endmacro %}

{% macro duckdb__ad_logs_pid_key(expression) -%}
    cast(hash({{ expression }}) >> 1 as bigint)
{%- endmacro %}

{% macro spark__ad_logs_pid_key(expression) -%}
    xxhash64({{ expression }})
{%- endmacro %}
