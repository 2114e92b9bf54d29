{#- The first unix second an incremental run of stg_ad_logs__impressions re-processes: the start (UTC+8)
    of the `ad_logs_lookback_days`-th latest loaded day; none on a full build or an empty table. A
    literal, so Parquet row-group statistics skip older files. -#}
{% macro ad_logs_reprocess_floor(relation) -%}
    {%- if not (execute and is_incremental()) -%}{{ return(none) }}{%- endif -%}
    {%- set latest = run_query('select max(display_date) from ' ~ relation).columns[0].values()[0] -%}
    {%- if latest is none -%}{{ return(none) }}{%- endif -%}
    {%- set lookback_days = var('ad_logs_lookback_days') | int -%}
    {{ return(
        (modules.datetime.date.fromisoformat(latest | string)
         - modules.datetime.timedelta(days=lookback_days - 1)
         - modules.datetime.date(1970, 1, 1)).days * 86400 - 28800
    ) }}
{%- endmacro %}

{#- Pre-hook: empty every day the run re-processes before the new rows are appended, so a day whose
    re-delivered file yields no valid row (broken, empty) is replaced by nothing, as a full refresh
    would give. delete+insert on the day would only replace days that still have rows. -#}
{% macro ad_logs_clear_reprocessed_days(relation) -%}
    {{ return(adapter.dispatch('ad_logs_clear_reprocessed_days', 'audience_segmentation')(relation)) }}
{%- endmacro %}

{% macro default__ad_logs_clear_reprocessed_days(relation) -%}
    {%- set floor_epoch_seconds = ad_logs_reprocess_floor(relation) -%}
    {%- if floor_epoch_seconds is not none -%}
        delete from {{ relation }} where displayed_epoch_seconds >= {{ floor_epoch_seconds }}
    {%- endif -%}
{%- endmacro %}
