{#- The time checks of an event row, first defect first, as loading_first_defect checks: the time did not
    parse (unparseable_timestamp), or it is after the reference time of loading_as_of (future_timestamp). -#}
{% macro loading_event_time_checks(time_column, raw_column, as_of_var) -%}
    {{ return([
        (time_column ~ " is null", "unparseable_timestamp", raw_column),
        (time_column ~ " > " ~ loading_as_of(as_of_var), "future_timestamp", raw_column),
    ]) }}
{%- endmacro %}
