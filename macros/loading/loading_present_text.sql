{#- A raw field as trimmed text, null when blank or one of null_markers (for example the ad logs' 'NULL'). -#}
{% macro loading_present_text(column, null_markers=[]) -%}
    {#- A namespace, because a plain set inside the loop would not outlive the loop's scope. -#}
    {%- set text = namespace(expression="nullif(trim(cast(" ~ column ~ " as varchar)), '')") -%}
    {%- for marker in null_markers -%}
        {%- set text.expression =
            "nullif(" ~ text.expression ~ ", '" ~ (marker | replace("'", "''")) ~ "')" -%}
    {%- endfor -%}
    {{ text.expression }}
{%- endmacro %}
