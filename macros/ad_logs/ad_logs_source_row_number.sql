{#- The 1-based data row of a raw ad-log row within its file, for a select over the ad_logs source. Parquet:
    the reader's file_row_number (0-based; the sources read Parquet with file_row_number = true). CSV:
    null, because DuckDB's read_csv has no file_row_number option, and numbering rows in scan order
    (row_number() over ()) counts across the daily raw_sample files and makes every reader of the typed
    rows number all of them before the reject filter applies. -#}
{% macro ad_logs_source_row_number() -%}
    {%- if var('ad_logs_file_format') == 'csv' -%}
        cast(null as bigint)
    {%- else -%}
        file_row_number + 1
    {%- endif -%}
{%- endmacro %}
