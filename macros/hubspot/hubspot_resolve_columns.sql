{#- Resolves every canonical HubSpot property to the header actually present in the contacts file, using the
    alias seed (first matching alias by alias_order). Matching ignores case, surrounding spaces, a BOM and
    Unicode composition (NFC), so a decomposed 'Número' still matches. Runs at execute time on DuckDB:
    describes the source, reads the seed. Fails naming the file, the property and every alias
    tried when a required property is missing, and fails clearly on an empty (0-byte) file.
    Returns a list of {property_name, property_type, source_column (none when absent), is_required, aliases},
    in property_order (seed hubspot_properties). -#}
{% macro hubspot_resolve_columns(source_relation, alias_relation, property_relation) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set path_match = modules.re.search("read_csv\\('([^']+)'", source_relation | string) -%}
    {%- set source_file = path_match.group(1) if path_match else source_relation | string -%}
    {%- set header = run_query(
        'select column_name, lower(trim(nfc_normalize(replace(column_name, chr(65279), \'\')))) as match_key '
        ~ 'from (describe select * from ' ~ source_relation ~ ' limit 0)'
    ) -%}
    {%- set present = [] -%}
    {%- set present_by_key = {} -%}
    {%- for row in header.rows if row['column_name'] != 'filename' -%}
        {%- do present.append(row['column_name']) -%}
        {%- if row['match_key'] not in present_by_key -%}
            {%- do present_by_key.update({row['match_key']: row['column_name']}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if present == ['column0'] -%}
        {{ exceptions.raise_compiler_error(
            "HubSpot contacts file " ~ source_file ~ " is empty: it has no header line (expected at least "
            ~ "a 'Record ID' column). Export the contacts again or remove the file."
        ) }}
    {%- endif -%}
    {%- set alias_rows = run_query(
        'select aliases.property_name, aliases.alias, cast(aliases.is_required as boolean) as is_required, '
        ~ 'properties.property_type, lower(trim(nfc_normalize(aliases.alias))) as match_key from '
        ~ alias_relation ~ ' as aliases inner join ' ~ property_relation ~ ' as properties '
        ~ 'on aliases.property_name = properties.property_name '
        ~ 'order by properties.property_order, aliases.alias_order'
    ) -%}
    {%- set properties = [] -%}
    {%- set by_property = {} -%}
    {%- for row in alias_rows.rows -%}
        {%- if row['property_name'] not in by_property -%}
            {%- set entry = {
                'property_name': row['property_name'],
                'property_type': row['property_type'],
                'source_column': none,
                'is_required': row['is_required'],
                'aliases': [],
            } -%}
            {%- do by_property.update({row['property_name']: entry}) -%}
            {%- do properties.append(entry) -%}
        {%- endif -%}
        {%- set entry = by_property[row['property_name']] -%}
        {%- do entry['aliases'].append(row['alias']) -%}
        {%- if entry['source_column'] is none and row['match_key'] in present_by_key -%}
            {%- do entry.update({'source_column': present_by_key[row['match_key']]}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set missing = [] -%}
    {%- for entry in properties if entry['is_required'] and entry['source_column'] is none -%}
        {%- do missing.append(
            "'" ~ entry['property_name'] ~ "' (tried aliases: '" ~ entry['aliases'] | join("', '") ~ "')"
        ) -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "HubSpot contacts file " ~ source_file ~ " is missing required column(s): " ~ missing | join('; ')
            ~ ". Columns present: '" ~ present | join("', '") ~ "'."
        ) }}
    {%- endif -%}
    {{ return(properties) }}
{% endmacro %}
