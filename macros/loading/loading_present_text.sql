{#- A raw field as trimmed text, null when blank or one of null_markers (for example the ad logs' 'NULL'). -#}
{% macro loading_present_text(column, null_markers=[]) -%}
    {%- set expression = "nullif(trim(cast(" ~ column ~ " as varchar)), '')" -%}
    {%- for marker in null_markers -%}
        {%- set expression = "nullif(" ~ expression ~ ", '" ~ (marker | replace("'", "''")) ~ "')" -%}
    {%- endfor -%}
    {{ expression }}
{%- endmacro %}
