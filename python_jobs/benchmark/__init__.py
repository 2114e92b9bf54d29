"""Benchmarks: ``python -m python_jobs.benchmark ad_logs`` (see ``python_jobs/benchmark/ad_logs.py``)."""
