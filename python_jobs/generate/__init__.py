"""Deterministic demo-data generators, one module per raw source (see ``python_jobs.sources``)."""
