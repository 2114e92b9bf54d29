{#- The rows of a source's typed models that carry a reject_reason, in the rejects columns every source shares
    (source_table, source_file, source_row_number, reject_column, rejected_value, reject_reason). -#}
{% macro loading_union_rejects(typed_by_table) -%}
    {% for source_table, relation in typed_by_table -%}
        select
            '{{ source_table }}' as source_table,
            cast(source_file as varchar) as source_file,
            cast(source_row_number as bigint) as source_row_number,
            cast(reject_column as varchar) as reject_column,
            cast(rejected_value as varchar) as rejected_value,
            cast(reject_reason as varchar) as reject_reason
        from {{ relation }}
        where reject_reason is not null
        {%- if not loop.last %}
            union all
        {% endif %}
    {%- endfor %}
{%- endmacro %}
