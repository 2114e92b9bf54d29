{#- Overrides dbt's build_config_dict: every Python model's dbt.config.get("meta") returns its meta. -#}
{#- dbt only passes config keys that the model file itself names in a literal dbt.config.get(...); the
    segmentation engine lives in a package, so without this it could not read YAML-declared meta. -#}
{% macro build_config_dict(model) %}
{{ dbt.build_config_dict(model) }}
config_dict.setdefault("meta", {{ model.config.get("meta") or {} }})
{% endmacro %}
