{#- The origin columns of a typed row read from one file with `filename = true`: source_file (the file's
    name) and source_row_number (the 1-based data row; DuckDB keeps the file's row order). -#}
{% macro loading_row_origin() -%}
    parse_filename(filename) as source_file,
        row_number() over () as source_row_number
{%- endmacro %}
