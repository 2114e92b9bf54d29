{#- The tables of a segment model that the engine's contract lists and that exist, read at execute time. -#}
{% macro segmentation_contract_tables(segmentation_model, contract) %}
    {%- if adapter.get_relation(
        database=contract.database, schema=contract.schema, identifier=contract.identifier
    ) is none -%}
        {{ exceptions.raise_compiler_error(
            "segmentation_side_tables: " ~ contract ~ " does not exist; build the model "
            ~ "segmentation_side_table_contract (models/reference) first") }}
    {%- endif -%}
    {%- set listed = run_query(
        "select table_suffix, bool_or(is_optional) from " ~ contract
        ~ " group by table_suffix order by table_suffix"
    ) -%}
    {%- set side = {} -%}
    {%- set suffixes = [] -%}
    {%- set table_names = [] -%}
    {%- for row in listed.rows -%}
        {#- run_query reads the segment table's empty suffix back as none. -#}
        {%- set table_suffix = row[0] or '' -%}
        {%- set identifier = segmentation_model.identifier ~ table_suffix -%}
        {#- An optional table counts when it exists; a required one is assumed to (queries fail if not). -#}
        {%- if row[1] -%}
            {%- set relation = adapter.get_relation(
                database=segmentation_model.database, schema=segmentation_model.schema, identifier=identifier
            ) -%}
        {%- else -%}
            {%- set relation = api.Relation.create(
                database=segmentation_model.database, schema=segmentation_model.schema, identifier=identifier
            ) -%}
        {%- endif -%}
        {%- if relation is not none -%}
            {%- do suffixes.append("'" ~ (table_suffix | replace("'", "''")) ~ "'") -%}
            {%- do table_names.append("'" ~ (identifier | replace("'", "''")) ~ "'") -%}
            {%- if table_suffix != '' -%}
                {%- do side.update({table_suffix[2:]: relation}) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return({'side': side, 'suffixes': suffixes, 'table_names': table_names}) }}
{% endmacro %}
