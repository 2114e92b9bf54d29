"""Python side of the audience-segmentation warehouse: data generators, the segmentation engine,
validation, reports and benchmarks. dbt Python models import from here; jobs run as
``python -m python_jobs.<job>``."""
