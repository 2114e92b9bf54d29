"""Great Expectations validation of every segment table: ``python -m python_jobs.validation``.

The models to check and their rules come from dbt's manifest (``meta.validation``); suites are built in
code, run on pandas batches (DuckDB → Arrow → pandas), appended to ``audit.validation_results`` and
rendered as Data Docs under ``$REPORTS_DIR/data_docs/``. See ``README.md`` in this folder.
"""
